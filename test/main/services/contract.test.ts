// One contract suite, two implementations: the real services (real SQLite, a scripted training
// runner) and the fake api the renderer's tests use. Whatever a screen can observe through the
// contract must be the same on both, or the renderer's tests prove things about a lab that is not.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi, LabEvents, Result } from '../../../common/ipc/contract';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { findSeries } from '../../../common/training/metric-series';
import type { RunSummary, TrainingEvent } from '../../../common/training/run';
import { processStarted } from '../../renderer/fake-api';
import { SMALL_LAYERS } from '../../renderer/fake-data';
import { fakeHarness, servicesHarness, type Harness } from './contract-harnesses';

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

const start = async (api: LabApi, name: string): Promise<RunSummary> =>
  value(await api.startRun({ name, layers: SMALL_LAYERS, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2 } }));

const batch = (epoch: number, step: number): TrainingEvent => ({
  type: 'batch',
  epoch,
  batch: step - (epoch - 1) * 2,
  batchesPerEpoch: 2,
  step,
  loss: 1 / step,
  accuracy: 0.5,
  samplesPerSec: 100,
  elapsedMs: step,
  time: 1_000 + step,
  learningRate: 0.01,
});

const epochEnd = (epoch: number, valAccuracy: number): TrainingEvent => ({
  type: 'epoch',
  epoch,
  step: epoch * 2,
  time: 1_000 + epoch * 2,
  trainLoss: 1 / epoch,
  trainAccuracy: 0.6,
  valLoss: 1 / epoch,
  valAccuracy,
  learningRate: 0.01,
  seconds: 1,
});

const DONE: TrainingEvent = {
  type: 'done',
  testLoss: 0.2,
  testAccuracy: 0.9,
  confusion: Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 1 : 0))),
  perClass: Array.from({ length: 10 }, () => ({ precision: 1, recall: 1, support: 1 })),
  predictions: Array.from({ length: 10 }, (_, i) => i),
  time: 2_000,
};

async function trainEpoch(h: Harness, runId: number, epoch: number, valAccuracy: number): Promise<void> {
  await h.train(runId, batch(epoch, epoch * 2 - 1));
  await h.train(runId, batch(epoch, epoch * 2));
  await h.train(runId, epochEnd(epoch, valAccuracy));
}

function collect<E extends keyof LabEvents>(api: LabApi, event: E): LabEvents[E][] {
  const seen: LabEvents[E][] = [];
  api.on(event, (payload) => seen.push(payload));
  return seen;
}

describe.each([
  ['the real services', servicesHarness],
  ['the renderer tests\u2019 fake api', async () => fakeHarness()],
])('the lab contract, on %s', (_name, makeHarness) => {
  let h: Harness;
  let api: LabApi;
  beforeEach(async () => {
    h = await makeHarness();
    api = h.api;
  });
  afterEach(async () => {
    await h.close();
  });

  it('starts a first run queued, then running once its training process has started', async () => {
    const changes = collect(api, 'runChanged');
    const run = await start(api, 'first');
    expect(run).toMatchObject({ name: 'first', status: 'queued', startedAt: null, epochsDone: 0, parentRunId: null, relation: null });
    expect(value(await api.queue())).toEqual([{ runId: run.id, status: 'running', position: 0 }]);
    await h.train(run.id, processStarted(run));
    const running = value(await api.getRun(run.id));
    expect(running).toMatchObject({ status: 'running', backend: 'wasm', device: 'CPU (fake)', threads: 1 });
    expect(running.startedAt).not.toBeNull();
    expect(changes.filter((c) => c.id === run.id).map((c) => c.status)).toEqual(['queued', 'running']);
  });

  it('queues a second run behind the one training, and cancels it while it waits', async () => {
    const first = await start(api, 'first');
    await h.train(first.id, processStarted(first));
    const second = await start(api, 'second');
    expect(second.status).toBe('queued');
    expect(value(await api.queue())).toEqual([
      { runId: first.id, status: 'running', position: 0 },
      { runId: second.id, status: 'queued', position: 1 },
    ]);
    expect(value(await api.cancelRun(second.id))).toMatchObject({ id: second.id, status: 'cancelled' });
    expect(value(await api.queue())).toEqual([{ runId: first.id, status: 'running', position: 0 }]);
    const again = await api.cancelRun(second.id);
    expect(again).toEqual({ ok: false, error: { code: 'conflict', message: `Run ${second.id} is not queued or training (it is cancelled).` } });
  });

  it('cancels a run while it trains: it ends cancelled, keeping what it recorded, and leaves the queue', async () => {
    const run = await start(api, 'stopped');
    await h.train(run.id, processStarted(run));
    await trainEpoch(h, run.id, 1, 0.7);
    expect((await api.cancelRun(run.id)).ok).toBe(true);
    await vi.waitFor(async () => expect(value(await api.getRun(run.id)).status).toBe('cancelled'));
    const cancelled = value(await api.getRun(run.id));
    expect(cancelled).toMatchObject({ epochsDone: 1, bestValAccuracy: 0.7, testAccuracy: null });
    expect(cancelled.finishedAt).not.toBeNull();
    await vi.waitFor(async () => expect(value(await api.queue())).toEqual([]));
  });

  it('refuses to delete a run that is queued or training, and says why', async () => {
    const run = await start(api, 'busy');
    expect(await api.deleteRun(run.id)).toEqual({ ok: false, error: { code: 'conflict', message: `Run ${run.id} is still queued: cancel it before deleting it.` } });
    await h.train(run.id, processStarted(run));
    expect(await api.deleteRun(run.id)).toEqual({ ok: false, error: { code: 'conflict', message: `Run ${run.id} is still running: cancel it before deleting it.` } });
    expect(value(await api.getRun(run.id)).deletedAt).toBeNull();
  });

  it('records epochs and the end of a run, and gives the points recorded after a given one', async () => {
    const events = collect(api, 'runEvent');
    const run = await start(api, 'whole');
    await h.train(run.id, processStarted(run));
    await trainEpoch(h, run.id, 1, 0.7);
    const afterOne = value(await api.getRun(run.id));
    expect(afterOne).toMatchObject({ status: 'running', epochsDone: 1, bestValAccuracy: 0.7, bestEpoch: 1, finalValAccuracy: 0.7 });
    expect(Array.from(findSeries(afterOne.metrics, 'loss', 'train', 'batch')?.step ?? [])).toEqual([1, 2]);
    expect(Array.from(findSeries(afterOne.metrics, 'accuracy', 'val', 'epoch')?.value ?? [])).toEqual([0.7]);

    await trainEpoch(h, run.id, 2, 0.65);
    const since = value(await api.getRunMetrics(run.id, afterOne.metricsUpTo));
    expect(Array.from(findSeries(since.metrics, 'loss', 'train', 'batch')?.step ?? [])).toEqual([3, 4]);
    expect(Array.from(findSeries(since.metrics, 'accuracy', 'val', 'epoch')?.value ?? [])).toEqual([0.65]);
    expect(value(await api.getRunMetrics(run.id, since.upTo))).toEqual({ metrics: [], upTo: since.upTo });

    await h.train(run.id, DONE);
    const done = value(await api.getRunResults(run.id));
    expect(done).toMatchObject({ status: 'completed', epochsDone: 2, bestValAccuracy: 0.7, bestEpoch: 1, finalValAccuracy: 0.65, testAccuracy: 0.9, testLoss: 0.2 });
    expect(done.confusion).toEqual((DONE as Extract<TrainingEvent, { type: 'done' }>).confusion);
    expect(done.finishedAt).not.toBeNull();
    expect(value(await api.queue())).toEqual([]);
    expect(events.filter((e) => e.runId === run.id).map((e) => e.event.type)).toEqual(['started', 'batch', 'batch', 'epoch', 'batch', 'batch', 'epoch', 'done']);
  });

  it('renames, tags and stars a run, refusing an empty name, and announces each change', async () => {
    const run = await start(api, 'plain');
    const changes = collect(api, 'runChanged');
    expect(value(await api.updateRun(run.id, { name: 'renamed', tags: ['a', 'b'], starred: true }))).toMatchObject({ name: 'renamed', tags: ['a', 'b'], starred: true });
    expect(changes.at(-1)).toMatchObject({ id: run.id, name: 'renamed' });
    const empty = await api.updateRun(run.id, { name: '   ' });
    expect(empty.ok ? null : empty.error.code).toBe('invalid-input');
    expect(value(await api.getRun(run.id)).name).toBe('renamed');
  });

  it('moves a finished run to the trash and back, and purges only what is in the trash', async () => {
    const run = await start(api, 'to trash');
    await h.train(run.id, { type: 'cancelled' });
    expect(await api.purgeRun(run.id)).toEqual({ ok: false, error: { code: 'conflict', message: `Run ${run.id} is not in the trash: delete it first, then remove it for good.` } });
    expect(value(await api.deleteRun(run.id)).deletedAt).not.toBeNull();
    expect(value(await api.listRuns({})).map((r) => r.id)).toEqual([]);
    expect(value(await api.listRuns({ inTrash: true })).map((r) => r.id)).toEqual([run.id]);
    expect(value(await api.restoreRun(run.id)).deletedAt).toBeNull();
    expect(value(await api.deleteRun(run.id)).deletedAt).not.toBeNull();
    expect(value(await api.purgeRun(run.id))).toBe(run.id);
    expect((await api.getRun(run.id)).ok).toBe(false);
  });

  it('re-runs a run as a new queued run that records its parent', async () => {
    const original = await start(api, 'original');
    await h.train(original.id, { type: 'cancelled' });
    const rerun = value(await api.rerunRun(original.id));
    expect(rerun).toMatchObject({ status: 'queued', parentRunId: original.id, relation: 'rerun', layers: original.layers, hyperparameters: original.hyperparameters });
    const family = value(await api.getRunResults(original.id)).family;
    expect(family.children.map((c) => [c.id, c.relation])).toEqual([[rerun.id, 'rerun']]);
  });

  it('answers a missing run and malformed arguments with the same errors', async () => {
    expect(await api.getRun(999)).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no run 999.' } });
    const malformed = await api.getRun('1' as unknown as number);
    expect(malformed.ok ? null : malformed.error.code).toBe('invalid-input');
    const badPoint = await api.getRunMetrics(1, -1);
    expect(badPoint.ok ? null : badPoint.error.code).toBe('invalid-input');
  });
});
