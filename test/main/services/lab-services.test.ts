// The services every face of the app shares, driven through dispatch() exactly as IPC calls arrive.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvents, Result } from '../../../common/ipc/contract';
import { findPreset } from '../../../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { RunDetail, RunSummary } from '../../../common/training/run';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';

let home: string;
let services: LabServices;

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mnist-lab-services-'));
  services = await createLabServices({ homeDir: home });
});
afterAll(async () => {
  await services.close();
  rmSync(home, { recursive: true, force: true });
});

describe('lab services', () => {
  it('returns errors as values for unknown calls and malformed input', async () => {
    expect(await services.dispatch('nope' as 'doctor', [])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await services.dispatch('getRun', ['1'])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await services.dispatch('getRun', [99])).toMatchObject({ ok: false, error: { code: 'not-found', message: 'There is no run 99.' } });
  });

  it('refuses an invalid network with every problem, at its layer, and creates no run', async () => {
    const r = await services.dispatch('startRun', [
      {
        layers: [
          { type: 'conv2d', filters: 8, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' },
          { type: 'dense', units: 10, activation: 'softmax' },
        ],
        hyperparameters: { ...DEFAULT_HYPERPARAMETERS, batchSize: 0 },
      },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-input');
    expect(r.error.issues?.some((i) => i.layerIndex === 1)).toBe(true);
    expect(r.error.issues?.some((i) => i.field === 'batchSize')).toBe(true);
    expect(value<RunSummary[]>(await services.dispatch('listRuns', []))).toEqual([]);
  });

  it('queues, trains and records a run, streaming events on the way', async () => {
    const preset = findPreset('tfjs-tiny');
    if (!preset) throw new Error('preset missing');
    const events: LabEvents['runEvent'][] = [];
    const changes: RunSummary[] = [];
    const off1 = services.on('runEvent', (e) => events.push(e));
    const off2 = services.on('runChanged', (r) => changes.push(r));
    const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, epochs: 1, trainLimit: 1000, testLimit: 300, backend: 'wasm' as const };
    const run = value<RunSummary>(await services.dispatch('startRun', [{ presetId: preset.id, layers: preset.layers, hyperparameters, name: '<b>bold</b>' }]));
    expect(run.status).toBe('queued');
    expect(run.name).toBe('<b>bold</b>');
    const done = await services.queue.waitFor(run.id);
    off1();
    off2();
    expect(done.status).toBe('completed');
    expect(events.map((e) => e.event.type)).toContain('epoch');
    expect(events.at(-1)?.event.type).toBe('done');
    expect(changes.map((c) => c.status)).toEqual(expect.arrayContaining(['queued', 'running', 'completed']));

    const detail = value<RunDetail>(await services.dispatch('getRun', [run.id]));
    expect(detail.confusion?.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(detail.models.map((m) => m.kind).sort()).toEqual(['best', 'final']);

    const wrong = detail.confusion!.flatMap((row, t) => row.map((n, p) => ({ t, p, n }))).find((c) => c.t !== c.p && c.n > 0);
    if (wrong) {
      const samples = value<{ label: number; predicted: number; pixels: number[] }[]>(
        await services.dispatch('misclassified', [{ runId: run.id, trueLabel: wrong.t, predictedLabel: wrong.p }]),
      );
      expect(samples).toHaveLength(wrong.n);
      expect(samples[0]).toMatchObject({ label: wrong.t, predicted: wrong.p });
      expect(samples[0].pixels).toHaveLength(784);
    }
  });

  it('renames, tags, deletes and restores a run', async () => {
    const [run] = value<RunSummary[]>(await services.dispatch('listRuns', []));
    const renamed = value<RunSummary>(await services.dispatch('updateRun', [run.id, { name: 'renamed', tags: ['a', 'b'], starred: true }]));
    expect(renamed).toMatchObject({ name: 'renamed', tags: ['a', 'b'], starred: true });
    value(await services.dispatch('deleteRun', [run.id]));
    expect(value<RunSummary[]>(await services.dispatch('listRuns', []))).toEqual([]);
    value(await services.dispatch('restoreRun', [run.id]));
    expect(value<RunSummary[]>(await services.dispatch('listRuns', [])).map((r) => r.id)).toEqual([run.id]);
  });

  it('records a fork’s parent and a re-run’s, refusing a parent that does not exist', async () => {
    const [original] = value<RunSummary[]>(await services.dispatch('listRuns', []));
    const missing = await services.dispatch('startRun', [{ layers: original.layers, hyperparameters: original.hyperparameters, parentRunId: 404 }]);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: 'There is no run 404.' } });
    expect(await services.dispatch('rerunRun', [404])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(value<RunSummary[]>(await services.dispatch('listRuns', []))).toHaveLength(1);

    const fork = value<RunSummary>(await services.dispatch('startRun', [{ layers: original.layers, hyperparameters: { ...original.hyperparameters, epochs: 2 }, parentRunId: original.id }]));
    const rerun = value<RunSummary>(await services.dispatch('rerunRun', [original.id]));
    for (const run of [fork, rerun]) value(await services.dispatch('cancelRun', [run.id]));
    await services.queue.whenIdle();
    expect(fork).toMatchObject({ parentRunId: original.id, relation: 'fork' });
    expect(rerun).toMatchObject({ parentRunId: original.id, relation: 'rerun', name: `${original.name} (re-run)`, presetId: original.presetId, seed: original.seed });
    expect(rerun.layers).toEqual(original.layers);
    expect(rerun.hyperparameters).toEqual(original.hyperparameters);
    const family = value<RunDetail>(await services.dispatch('getRun', [original.id])).family;
    expect(family.children.map((c) => [c.id, c.relation])).toEqual([
      [fork.id, 'fork'],
      [rerun.id, 'rerun'],
    ]);
  });

  it('reports backends in the order auto tries them', async () => {
    const report = value<{ backends: { backend: string }[]; autoBackend: string }>(await services.dispatch('doctor', []));
    expect(report.backends.map((b) => b.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
  });
});
