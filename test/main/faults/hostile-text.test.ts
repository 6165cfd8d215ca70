// Names, notes and tags with HTML, script tags, SQL, odd characters and 10,000 characters are
// stored and returned verbatim, as text; what is too long is refused with a message and not stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../common/training/run';
import { databaseFile } from '../../../main/home';
import type { LabServices } from '../../../main/services/lab-services';
import { closeSeededLab, integrityCheck, openSeededLab, rawDatabase } from './helpers';

const HOSTILE = [
  '<b>bold</b> & <i>italic</i>',
  '<script>alert("owned")</script>',
  '<img src=x onerror="alert(1)">',
  "Robert'); DROP TABLE runs;--",
  '" OR 1=1 --',
  '50% of a_b \\ %_',
  'emoji 🧪 and RTL \u202e and zero\u200bwidth',
  'nul \u0000 inside',
  '{{constructor.constructor("alert(1)")()}}',
];
const LONG_NOTES = HOSTILE.join('\n').padEnd(10_000, ' <svg onload=alert(1)>');

let home: string;
let services: LabServices;
let runId: number;

beforeAll(async () => {
  ({ home, services, runId } = await openSeededLab());
});
afterAll(() => closeSeededLab(services));

async function update(patch: Record<string, unknown>): Promise<RunSummary> {
  const r = await services.dispatch('updateRun', [runId, patch]);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as RunSummary;
}

describe('hostile text in runs', () => {
  it.each(HOSTILE)('keeps the name %j verbatim', async (name) => {
    expect((await update({ name })).name).toBe(name);
    const fetched = await services.dispatch('getRun', [runId]);
    expect(fetched.ok && (fetched.value as RunSummary).name).toBe(name);
  });

  it('keeps 10,000 characters of notes and hostile tags verbatim, and finds them as plain text', async () => {
    expect(LONG_NOTES).toHaveLength(10_000);
    const tags = HOSTILE.map((t) => t.slice(0, 64).trim());
    const updated = await update({ notes: LONG_NOTES, tags });
    expect(updated.notes).toBe(LONG_NOTES);
    expect(updated.tags).toEqual(tags);
    // Search treats quotes, % and _ as the characters they are.
    for (const needle of ["DROP TABLE runs;--", '50% of a_b', '<script>']) {
      const found = await services.dispatch('listRuns', [{ search: needle }]);
      expect(found.ok && (found.value as RunSummary[]).map((r) => r.id)).toEqual([runId]);
    }
    const none = await services.dispatch('listRuns', [{ search: '%' + '_'.repeat(3) + 'nothing like this' }]);
    expect(none.ok && none.value).toEqual([]);
  });

  it('refuses a 10,000-character name or tag with a message, storing nothing', async () => {
    const before = services.store.getRun(runId);
    for (const patch of [{ name: 'n'.repeat(10_000) }, { tags: ['t'.repeat(10_000)] }, { notes: 'x'.repeat(20_001) }]) {
      const r = await services.dispatch('updateRun', [runId, patch]);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/too long|at most/) } });
    }
    // The store refuses it too, for callers that bypass IPC validation (the command line).
    expect(() => services.store.updateRun(runId, { name: 'n'.repeat(10_000) })).toThrow(/names can be at most 200 characters/);
    expect(services.store.getRun(runId)).toEqual(before);
  });

  it('left the database whole: every table still there, nothing executed', () => {
    const db = rawDatabase(databaseFile(home));
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    db.close();
    expect(tables).toEqual(['change_counter', 'confusion', 'lab_settings', 'metrics', 'models', 'real_world_scores', 'runs', 'settings_texts', 'slurm_jobs', 'sqlite_sequence', 'sweep_trials', 'sweeps', 'tags']);
    expect(integrityCheck(databaseFile(home))).toBe('ok');
  });
});
