import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../common/training/run';
import { InvalidRunInputError, RunNotFoundError, RunStateError } from '../../../main/store/errors';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { makeTempDir, newRun, removeTempDirs, steppingClock, storedPoints, WASM_INFO } from './fixtures';

let store: RunStore;
let file: string;

beforeEach(() => {
  file = path.join(makeTempDir(), 'runs.sqlite');
  store = openRunStore(file, { now: steppingClock() });
});
afterEach(() => {
  store.close();
  removeTempDirs();
});

const point = (p: Partial<MetricPoint>): MetricPoint => ({
  name: 'loss',
  split: 'train',
  kind: 'batch',
  step: 1,
  epoch: 1,
  value: 0.5,
  time: 1_700_000_000_000,
  ...p,
});

describe('a run from queue to completion', () => {
  it('records everything a training run produces', () => {
    const created = store.createRun(newRun({ name: 'lenet-ish' }));
    expect(created).toMatchObject({
      name: 'lenet-ish',
      status: 'queued',
      presetId: 'tiny',
      params: 62_810,
      seed: 7,
      epochsDone: 0,
      bestValAccuracy: null,
      startedAt: null,
      finishedAt: null,
      backend: null,
      tags: [],
      notes: '',
      starred: false,
      deletedAt: null,
    });
    expect(created.layers).toEqual(newRun().layers);
    expect(created.hyperparameters).toEqual(newRun().hyperparameters);

    store.markRunning(created.id, WASM_INFO);
    const running = store.getRun(created.id);
    expect(running).toMatchObject({ status: 'running', backend: 'wasm', device: 'CPU (test)', tfjsVersion: '4.22.0', threads: 1 });
    expect(running?.startedAt).toBeGreaterThan(created.createdAt);

    store.appendMetrics(created.id, [
      point({ step: 10, value: 0.9 }),
      point({ step: 10, name: 'accuracy', value: 0.7 }),
      point({ step: 20, split: 'val', value: 0.4 }),
    ]);
    store.recordEpoch(created.id, 1, 0.91);
    store.recordEpoch(created.id, 2, 0.95);
    store.recordEpoch(created.id, 3, 0.93);
    store.recordModel(created.id, { kind: 'best', path: 'models/1/best', sha256: 'a'.repeat(64), bytes: 1234, epoch: 2 });
    store.recordModel(created.id, { kind: 'final', path: 'models/1/final', sha256: 'b'.repeat(64), bytes: 1234, epoch: 3 });
    const confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 9 : 0)));
    const perClass = Array.from({ length: 10 }, () => ({ precision: 1, recall: 1, support: 9 }));
    const predictions = Array.from({ length: 90 }, (_, i) => i % 10);
    store.recordTestResults(created.id, { testLoss: 0.2, testAccuracy: 0.94, confusion, perClass, predictions });
    store.finishRun(created.id, 'completed');

    const detail = store.getRunDetail(created.id);
    expect(detail).toMatchObject({
      status: 'completed',
      epochsDone: 3,
      bestValAccuracy: 0.95,
      bestEpoch: 2,
      finalValAccuracy: 0.93,
      testAccuracy: 0.94,
      testLoss: 0.2,
      error: null,
      confusion,
      perClass,
    });
    expect(detail?.finishedAt).toBeGreaterThan(running?.startedAt ?? Infinity);
    expect(detail?.metrics.map((s) => [s.name, s.split, Array.from(s.step)])).toEqual([
      ['accuracy', 'train', [10]],
      ['loss', 'train', [10]],
      ['loss', 'val', [20]],
    ]);
    expect(detail?.models.map((m) => [m.kind, m.epoch])).toEqual([
      ['final', 3],
      ['best', 2],
    ]);
    expect(Array.from(store.getPredictions(created.id) ?? [])).toEqual(predictions);
  });

  it('replaces a saved model of the same kind when it is saved again', () => {
    const { id } = store.createRun(newRun());
    store.recordModel(id, { kind: 'best', path: 'models/x/best', sha256: 'a'.repeat(64), bytes: 10, epoch: 1 });
    store.recordModel(id, { kind: 'best', path: 'models/x/best', sha256: 'c'.repeat(64), bytes: 12, epoch: 4 });
    expect(store.getModel(id, 'best')).toEqual({ kind: 'best', path: 'models/x/best', sha256: 'c'.repeat(64), bytes: 12, epoch: 4 });
    expect(store.getModel(id, 'final')).toBeNull();
    expect(store.getRunDetail(id)?.models).toHaveLength(1);
    // Evaluate and Test read the results without the metric points.
    const { metrics, metricsUpTo: _upTo, ...results } = store.getRunDetail(id)!;
    expect(metrics).toBeDefined();
    expect(store.getRunResults(id)).toEqual(results);
    expect(store.getRunResults(999)).toBeNull();
  });

  it('answers null before a run is evaluated and for runs that do not exist', () => {
    const { id } = store.createRun(newRun());
    expect(store.getPredictions(id)).toBeNull();
    expect(store.getRunDetail(id)).toMatchObject({ confusion: null, perClass: null, models: [], metrics: [] });
    expect(store.getRun(999)).toBeNull();
    expect(store.getRunDetail(999)).toBeNull();
  });
});

describe('status transitions', () => {
  it('starts only queued runs', () => {
    const { id } = store.createRun(newRun());
    store.markRunning(id, WASM_INFO);
    expect(() => store.markRunning(id, WASM_INFO)).toThrow(new RunStateError(`Run ${id} is running; only a queued run can start running.`));
  });

  it('refuses to finish a run twice and keeps the first ending', () => {
    const { id } = store.createRun(newRun());
    store.markRunning(id, WASM_INFO);
    store.finishRun(id, 'diverged', 'The loss became NaN at epoch 2.');
    expect(() => store.finishRun(id, 'completed')).toThrow(
      `Run ${id} has already finished (diverged); it cannot become completed.`,
    );
    expect(store.getRun(id)).toMatchObject({ status: 'diverged', error: 'The loss became NaN at epoch 2.' });
  });

  it('lets a queued run be cancelled or fail but not complete', () => {
    const a = store.createRun(newRun());
    const b = store.createRun(newRun());
    store.finishRun(a.id, 'cancelled');
    store.finishRun(b.id, 'failed', 'Out of memory.');
    const c = store.createRun(newRun());
    expect(() => store.finishRun(c.id, 'completed')).toThrow(RunStateError);
    expect(store.getRun(a.id)?.status).toBe('cancelled');
    expect(store.getRun(b.id)).toMatchObject({ status: 'failed', error: 'Out of memory.' });
    expect(store.getRun(c.id)?.status).toBe('queued');
  });

  it('rejects statuses that are not endings', () => {
    const { id } = store.createRun(newRun());
    const notAnEnding = 'running' as unknown as 'completed';
    expect(() => store.finishRun(id, notAnEnding)).toThrow(InvalidRunInputError);
  });

  it('names the missing run', () => {
    expect(() => store.markRunning(42, WASM_INFO)).toThrow(new RunNotFoundError(42));
    expect(() => store.appendMetrics(42, [point({})])).toThrow('Run 42 does not exist in this data folder.');
    expect(() => store.recordEpoch(42, 1, 0.5)).toThrow(RunNotFoundError);
    expect(() => store.finishRun(42, 'completed')).toThrow(RunNotFoundError);
    expect(() => store.updateRun(42, { notes: 'x' })).toThrow(RunNotFoundError);
    expect(() => store.deleteRun(42)).toThrow(RunNotFoundError);
    expect(() => store.restoreRun(42)).toThrow(RunNotFoundError);
  });
});

describe('metrics', () => {
  it('keeps NaN and both infinities exactly', () => {
    const { id } = store.createRun(newRun());
    const values = [NaN, Infinity, -Infinity, 0, -0.25, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300];
    store.appendMetrics(id, values.map((value, i) => point({ step: i, value })));
    const back = storedPoints(store, id).map((m) => m.value);
    expect(back).toHaveLength(values.length);
    back.forEach((v, i) => expect(Object.is(v, values[i]) || (v === 0 && values[i] === 0)).toBe(true));
  });

  it('writes a batch all or nothing', () => {
    const { id } = store.createRun(newRun());
    const broken = { ...point({ step: 2 }), step: -1 };
    expect(() => store.appendMetrics(id, [point({ step: 1 }), broken])).toThrow(InvalidRunInputError);
    expect(storedPoints(store, id)).toEqual([]);
  });

  it('orders by step, name, split and keeps repeated points in recording order', () => {
    const { id } = store.createRun(newRun());
    store.appendMetrics(id, [
      point({ step: 5, name: 'loss', split: 'val', value: 1 }),
      point({ step: 5, name: 'loss', split: 'train', value: 2 }),
      point({ step: 1, name: 'lr', split: 'train', value: 3 }),
      point({ step: 5, name: 'loss', split: 'train', value: 4 }),
    ]);
    expect(storedPoints(store, id).map((m) => m.value)).toEqual([3, 2, 4, 1]);
  });

  it('reads one series per name and split, in step order, as columns', () => {
    const { id } = store.createRun(newRun());
    store.appendMetrics(id, [
      point({ step: 5, epoch: 2, name: 'loss', split: 'val', value: 1 }),
      point({ step: 5, epoch: 2, name: 'loss', split: 'train', value: 2 }),
      point({ step: 1, epoch: 1, name: 'loss', split: 'train', value: NaN }),
      point({ step: 5, epoch: 2, name: 'loss', split: 'train', value: 4 }),
    ]);
    const series = store.getMetricSeries(id);
    expect(series.map((s) => [s.name, s.split, Array.from(s.step), Array.from(s.epoch), Array.from(s.value)])).toEqual([
      ['loss', 'train', [1, 5, 5], [1, 2, 2], [NaN, 2, 4]],
      ['loss', 'val', [5], [2], [1]],
    ]);
    expect(series.every((s) => s.step instanceof Float64Array && s.time instanceof Float64Array)).toBe(true);
    expect(store.getMetricSeries(id + 1)).toEqual([]);
  });

  it('tracks the best validation accuracy only when it improves, ignoring NaN', () => {
    const { id } = store.createRun(newRun());
    store.recordEpoch(id, 1, 0.8);
    store.recordEpoch(id, 2, NaN);
    expect(store.getRun(id)).toMatchObject({ epochsDone: 2, bestValAccuracy: 0.8, bestEpoch: 1, finalValAccuracy: null });
    store.recordEpoch(id, 3, 0.8);
    expect(store.getRun(id)).toMatchObject({ epochsDone: 3, bestValAccuracy: 0.8, bestEpoch: 1, finalValAccuracy: 0.8 });
    store.recordEpoch(id, 4, 0.85);
    expect(store.getRun(id)).toMatchObject({ epochsDone: 4, bestValAccuracy: 0.85, bestEpoch: 4, finalValAccuracy: 0.85 });
    expect(() => store.recordEpoch(id, 0, 0.9)).toThrow(/Epochs are counted from 1/);
  });

  it('keeps NaN and infinities in per-class results', () => {
    const { id } = store.createRun(newRun());
    const perClass = [{ precision: NaN, recall: 0, support: 0 }];
    store.recordTestResults(id, { testLoss: Infinity, testAccuracy: 0.1, confusion: [[1]], perClass, predictions: [0] });
    const detail = store.getRunDetail(id);
    expect(Number.isNaN(detail?.perClass?.[0].precision)).toBe(true);
    expect(detail?.perClass?.[0].recall).toBe(0);
  });

  it('refuses predicted labels outside 0..9', () => {
    const { id } = store.createRun(newRun());
    const r = { testLoss: 1, testAccuracy: 0.1, confusion: [], perClass: [] };
    expect(() => store.recordTestResults(id, { ...r, predictions: [3, 10] })).toThrow(/Prediction 2 is 10/);
    expect(store.getPredictions(id)).toBeNull();
  });
});

describe('recoverInterrupted', () => {
  it('interrupts queued and running runs of a closed store, keeps their metrics and leaves finished runs alone', () => {
    const queued = store.createRun(newRun({ name: 'waiting' }));
    const running = store.createRun(newRun({ name: 'training' }));
    const done = store.createRun(newRun({ name: 'done' }));
    store.markRunning(running.id, WASM_INFO);
    store.appendMetrics(running.id, [point({ step: 1, value: NaN }), point({ step: 2, value: 0.3 })]);
    store.markRunning(done.id, WASM_INFO);
    store.finishRun(done.id, 'completed');
    const metricsBefore = storedPoints(store, running.id);

    const reason = 'MNIST Lab closed while this run was training.';
    // While the store that queued them is open, its runs are its own to train.
    expect(store.recoverInterrupted(reason)).toEqual([]);
    store.close();
    store = openRunStore(file, { now: steppingClock(1_800_000_000_000) });
    expect(store.recoverInterrupted(reason).sort()).toEqual([queued.id, running.id].sort());

    for (const id of [queued.id, running.id]) {
      const run = store.getRun(id);
      expect(run).toMatchObject({ status: 'interrupted', error: reason });
      expect(run?.finishedAt).not.toBeNull();
    }
    expect(storedPoints(store, running.id)).toEqual(metricsBefore);
    expect(store.getRun(done.id)).toMatchObject({ status: 'completed', error: null });
    expect(store.recoverInterrupted(reason)).toEqual([]);
  });

  it('survives closing and reopening the file', () => {
    const { id } = store.createRun(newRun());
    store.markRunning(id, WASM_INFO);
    store.appendMetrics(id, [point({ value: -Infinity })]);
    store.close();
    store = openRunStore(file);
    expect(store.recoverInterrupted('crash')).toEqual([id]);
    expect(storedPoints(store, id)[0].value).toBe(-Infinity);
  });
});

describe('soft delete', () => {
  it('hides a deleted run from listings until it is restored', () => {
    const kept = store.createRun(newRun({ name: 'kept' }));
    const gone = store.createRun(newRun({ name: 'gone' }));
    store.finishRun(gone.id, 'cancelled');
    store.deleteRun(gone.id);

    expect(store.listRuns().map((r) => r.id)).toEqual([kept.id]);
    expect(store.listRuns({ includeDeleted: true }).map((r) => r.id)).toEqual([gone.id, kept.id]);
    const deleted = store.getRun(gone.id);
    expect(deleted?.deletedAt).not.toBeNull();

    store.deleteRun(gone.id);
    expect(store.getRun(gone.id)?.deletedAt).toBe(deleted?.deletedAt);

    store.restoreRun(gone.id);
    expect(store.getRun(gone.id)?.deletedAt).toBeNull();
    expect(store.listRuns().map((r) => r.id)).toEqual([gone.id, kept.id]);
  });

  it('refuses to delete a run that is queued or training', () => {
    const { id } = store.createRun(newRun());
    expect(() => store.deleteRun(id)).toThrow(`Run ${id} is queued; cancel it before deleting it.`);
    store.markRunning(id, WASM_INFO);
    expect(() => store.deleteRun(id)).toThrow(RunStateError);
    expect(store.getRun(id)?.deletedAt).toBeNull();
  });
});
