// One truth for what a user writes on a run: the IPC check (services.dispatch, as the app and
// `mnist-lab serve` call it) and the store (as the command line calls it) accept and refuse the
// same changes, with the same words. They used to count differently: UTF-16 units against
// characters, and raw tags against de-duplicated ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { RunPatch, RunSummary } from '../../../common/training/run';
import { RUN_TEXT_LIMITS } from '../../../common/training/run-limits';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';

let home: string;
let services: LabServices;
let runId: number;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mnist-lab-limits-'));
  services = await createLabServices({ homeDir: home });
  const layers = findPreset('tfjs-tiny')?.layers ?? [];
  runId = services.store.createRun({ name: 'limits', presetId: null, layers, hyperparameters: DEFAULT_HYPERPARAMETERS, params: 1 }).id;
  services.store.finishRun(runId, 'cancelled');
});
afterAll(async () => {
  await services.close();
  rmSync(home, { recursive: true, force: true });
});

/** Each emoji is one character (one code point) but two UTF-16 units. */
const emoji = (count: number, offset = 0): string => Array.from({ length: count }, (_, i) => String.fromCodePoint(0x1f600 + ((i + offset) % 64))).join('');

/** What IPC says about a change: null when accepted, else its message. */
async function atIpc(patch: unknown): Promise<string | null> {
  const answer = await services.dispatch('updateRun', [runId, patch]);
  if (answer.ok) return null;
  expect(answer.error.code).toBe('invalid-input');
  return answer.error.message;
}

/** What the store says about the same change, called directly as the command line does. */
function atStore(patch: unknown): string | null {
  try {
    services.store.updateRun(runId, patch as RunPatch);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const { name, notes, tags, tagLength } = RUN_TEXT_LIMITS;
const distinctTags = (count: number): string[] => Array.from({ length: count }, (_, i) => `tag ${i}`);

const cases: [string, 'accepted' | 'refused', unknown][] = [
  ['a tag of 40 emoji', 'accepted', { tags: [emoji(40)] }],
  ['a tag of exactly as many emoji as a tag may have', 'accepted', { tags: [emoji(tagLength)] }],
  ['a tag of one emoji more', 'refused', { tags: [emoji(tagLength + 1)] }],
  ['a tag at the limit once spaces around it are trimmed', 'accepted', { tags: [`  ${emoji(tagLength)}  `] }],
  ['as many tags as a run may have, each also repeated in capitals', 'accepted', { tags: [...distinctTags(tags), ...distinctTags(tags).map((t) => t.toUpperCase())] }],
  ['one tag more than a run may have', 'refused', { tags: distinctTags(tags + 1) }],
  ['a name of exactly as many emoji as a name may have', 'accepted', { name: emoji(name, 3) }],
  ['a name of one emoji more', 'refused', { name: emoji(name + 1) }],
  ['notes of exactly as many emoji as notes may have', 'accepted', { notes: emoji(notes) }],
  ['notes of one emoji more', 'refused', { notes: emoji(notes + 1) }],
  ['a blank name', 'refused', { name: '   ' }],
  ['tags that are not a list', 'refused', { tags: 'a,b' }],
];

describe('a run change at IPC and in the store', () => {
  it.each(cases)('%s: %s at both, with the same words', async (_what, expected, patch) => {
    const ipc = await atIpc(patch);
    const store = atStore(patch);
    expect(ipc === null ? 'accepted' : 'refused').toBe(expected);
    expect(store).toBe(ipc);
  });

  it('keeps the tags as the store normalises them, whichever way they came in', async () => {
    const raw = ['  Emoji ' + emoji(3), 'emoji ' + emoji(3), 'other'];
    const viaIpc = await services.dispatch('updateRun', [runId, { tags: raw }]);
    expect(viaIpc.ok && (viaIpc.value as RunSummary).tags).toEqual(['Emoji ' + emoji(3), 'other']);
    expect(services.store.updateRun(runId, { tags: raw }).tags).toEqual(['Emoji ' + emoji(3), 'other']);
  });
});
