// Property-based, end to end: every call name through services.dispatch with random and mutated
// payloads, exactly as IPC delivers them. The answer is always a Result (never an exception or
// an 'internal' error), and a refused call writes nothing. test/main/ipc/validate-input.test.ts
// fuzzes the validators alone; this goes through the handlers, the store and the files.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallName, type Result } from '../../../common/ipc/contract';
import { findPreset } from '../../../common/layers/presets';
import { databaseFile } from '../../../main/home';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import type { TrainingRunner } from '../../../main/training/runner';
import { smallHyperparameters } from '../training/helpers';
import { makeTempDir, rawDatabase, removeTempDirs, seedRunWithModels } from './helpers';

/** Accepted runs end at once: the fuzzing is about the calls, not training. */
const instantRunner: TrainingRunner = {
  start(_job, onEvent) {
    const ended = Promise.resolve().then(() => {
      onEvent({ type: 'cancelled' });
      return { type: 'cancelled' } as const;
    });
    return { pid: undefined, cancel: () => undefined, ended };
  },
};

let home: string;
let services: LabServices;
let runId: number;

beforeAll(async () => {
  home = makeTempDir();
  services = await createLabServices({ homeDir: home, runner: instantRunner });
  runId = await seedRunWithModels(services.store, home, 'fuzz target');
});
afterAll(async () => {
  await services.close();
  removeTempDirs();
});

/** Everything the store holds, to tell whether a call wrote anything. */
function snapshot(): string {
  const db = rawDatabase(databaseFile(home));
  try {
    const tables = ['runs', 'tags', 'metrics', 'models', 'confusion', 'sweeps', 'sweep_trials'];
    const row = (r: unknown): string => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
    return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t}`).all().map(row).sort()));
  } finally {
    db.close();
  }
}

function sweepSpec(): unknown {
  const preset = findPreset('tfjs-tiny');
  return { name: 'fuzz sweep', layers: preset?.layers, hyperparameters: smallHyperparameters(), parameters: [{ key: 'lr', values: [0.01] }], seeds: 1, strategy: { kind: 'grid' }, metric: 'bestValAccuracy' };
}

function validArgs(name: CallName, id: number): unknown[] {
  const preset = findPreset('tfjs-tiny');
  const pixels = { width: 2, height: 2, data: new Uint8Array(16).fill(200) };
  const examples: Record<CallName, unknown[]> = {
    listPresets: [],
    listRuns: [{ search: 'fuzz', status: ['completed'], starred: false, includeDeleted: true, limit: 5 }],
    getRun: [id],
    getRunResults: [id],
    getRunMetrics: [id, 0],
    startRun: [{ name: 'fuzzed', presetId: preset?.id, layers: preset?.layers, hyperparameters: smallHyperparameters(), parentRunId: id }],
    rerunRun: [id],
    cancelRun: [id],
    queue: [],
    updateRun: [id, { name: 'renamed', notes: 'n', tags: ['a'], starred: true }],
    deleteRun: [id],
    restoreRun: [id],
    purgeRun: [id],
    misclassified: [{ runId: id, trueLabel: 3, predictedLabel: 5, limit: 2 }],
    predict: [{ runId: id, model: 'best', images: [{ name: 'pad', rgba: pixels }] }],
    prepareModel: [{ runId: id, model: 'best' }],
    scoreRealWorld: [id],
    doctor: [],
    planSweep: [sweepSpec()],
    startSweep: [sweepSpec()],
    listSweeps: [],
    getSweep: [1],
    pauseSweep: [1],
    resumeSweep: [1],
    cancelSweep: [1],
    getComputeSettings: [],
    setComputeSettings: [{ on: 'local' }],
    checkCluster: [],
  };
  return examples[name];
}

/** A valid payload with one thing changed: a value anywhere replaced, a key dropped, an argument added. */
function mutate(value: unknown, path: number[], replacement: unknown, how: 'replace' | 'drop' | 'append'): unknown {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 || path.length === 0) return how === 'append' && Array.isArray(value) ? [...value, replacement] : replacement;
    const [index, ...rest] = path;
    const [key, child] = entries[index % entries.length];
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
    if (how === 'drop' && rest.length === 0) {
      if (Array.isArray(copy)) copy.splice(Number(key), 1);
      else delete copy[key];
      return copy;
    }
    (copy as Record<string, unknown>)[key] = mutate(child, rest, replacement, how);
    return copy;
  }
  return replacement;
}

const mutatedCall = fc
  .record({
    name: fc.constantFrom(...CALL_NAMES),
    // Mostly deep: the argument list stays a list and one value inside it changes.
    path: fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }),
    replacement: fc.oneof(
      fc.anything(),
      fc.integer({ min: -2, max: 12 }),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 64 }),
      fc.constantFrom<unknown>(0, -1, 1.5, 2 ** 53, Number.NaN, '', '1', null, [], {}, 'best', 'final', 'x'.repeat(100_001), '<script>alert(1)</script>', "'; DROP TABLE runs; --"),
    ),
    how: fc.constantFrom('replace' as const, 'drop' as const, 'append' as const),
  })
  .map(({ name, path, replacement, how }) => ({ name, args: mutate(validArgs(name, runId), path, replacement, how) }));

/** Well-formed start requests whose network and settings are off in every way the domain checks. */
const LAYER_FIELDS = ['type', 'filters', 'kernelSize', 'strides', 'padding', 'activation', 'poolSize', 'rate', 'units'];
const SETTING_FIELDS = Object.keys(smallHyperparameters());
const oddValue = fc.oneof(fc.integer({ min: -3, max: 1000 }), fc.double(), fc.string({ maxLength: 12 }), fc.constantFrom<unknown>(null, true, 'same', 'relu', 'dense', 'conv2d', 'flatten', 'adam', 'wasm', 'oneCycle'));
const startCall = fc
  .record({
    layers: fc.array(fc.dictionary(fc.constantFrom(...LAYER_FIELDS), oddValue, { maxKeys: 6 }), { maxLength: 8 }),
    settings: fc.dictionary(fc.constantFrom(...SETTING_FIELDS), oddValue, { maxKeys: 4 }),
  })
  .map(({ layers, settings }) => ({ name: 'startRun' as const, args: [{ layers, hyperparameters: { ...smallHyperparameters(), ...settings } }] }));

const randomCall = fc.record({ name: fc.constantFrom(...CALL_NAMES), args: fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()) });

async function checkCall({ name, args }: { name: CallName; args: unknown }): Promise<void> {
  const before = snapshot();
  let result: Result<unknown>;
  try {
    result = await services.dispatch(name, args);
  } catch (error) {
    throw new Error(`dispatch("${name}") threw instead of answering: ${String(error)}`);
  }
  if (result.ok) return;
  expect(['invalid-input', 'not-found', 'conflict', 'unavailable']).toContain(result.error.code);
  expect(result.error.message.trim().length).toBeGreaterThan(0);
  expect(snapshot(), `refused ${name}(${JSON.stringify(args)?.slice(0, 200)}) wrote to the store`).toBe(before);
}

describe('services.dispatch with untrusted payloads', () => {
  it('answers every call with a Result and writes nothing when it refuses', async () => {
    // Finish any run an accepted startRun queued before the next call is judged.
    const settled = async (call: { name: CallName; args: unknown }): Promise<void> => {
      await checkCall(call);
      // An accepted sweep is cancelled at once: its trials are not what is being judged.
      for (const sweep of services.store.sweeps.list()) if (sweep.status === 'running' || sweep.status === 'paused') services.sweeps.cancel(sweep.id);
      await services.queue.whenIdle();
    };
    await fc.assert(fc.asyncProperty(mutatedCall, settled), { numRuns: 600 });
    await fc.assert(fc.asyncProperty(randomCall, settled), { numRuns: 600 });
    await fc.assert(fc.asyncProperty(startCall, settled), { numRuns: 300 });
  });

  it('refuses unknown call names and non-list arguments', async () => {
    for (const name of ['', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'close']) {
      expect(await services.dispatch(name as CallName, [])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await services.dispatch('getRun', runId)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'Arguments must be a list.' } });
  });
});
