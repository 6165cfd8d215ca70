import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { RealWorldResult } from '../../../common/training/real-world';
import type { BackendInfo, TrainingEvent } from '../../../common/training/run';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { recordEvent } from '../../../main/training/recorder';
import { storedPoints } from '../store/fixtures';

const INFO: BackendInfo = { backend: 'wasm', device: 'CPU (test)', tfjsVersion: '4.22.0', threads: 1 };

let store: RunStore;
let runId: number;

beforeEach(() => {
  store = openRunStore(':memory:');
  runId = store.createRun({
    name: 'recorded',
    presetId: null,
    layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }],
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2 },
    params: 7850,
  }).id;
});
afterEach(() => store.close());

const started: TrainingEvent = {
  type: 'started',
  info: INFO,
  trainSize: 100,
  valSize: 10,
  testSize: 20,
  batchesPerEpoch: 4,
  epochs: 2,
  params: 7850,
};

function batchEvent(step: number, loss: number): TrainingEvent {
  return {
    type: 'batch',
    epoch: 1,
    batch: step,
    batchesPerEpoch: 4,
    step,
    loss,
    accuracy: 0.25 * step,
    samplesPerSec: 100,
    elapsedMs: 10 * step,
    time: 1_000 + step,
    learningRate: 0.01,
  };
}

const epochEvent: TrainingEvent = {
  type: 'epoch',
  epoch: 1,
  step: 4,
  time: 2_000,
  trainLoss: 1.5,
  trainAccuracy: 0.6,
  valLoss: 1.2,
  valAccuracy: 0.7,
  learningRate: 0.01,
  seconds: 3,
};

describe('recordEvent', () => {
  it('records a completed run: running, batch and epoch metrics, models, test results', () => {
    recordEvent(store, runId, started);
    expect(store.getRun(runId)).toMatchObject({ status: 'running', backend: 'wasm', device: 'CPU (test)' });

    recordEvent(store, runId, batchEvent(2, 2.1));
    recordEvent(store, runId, epochEvent);
    const model = { kind: 'best', path: `models/${runId}/best`, sha256: 'ab'.repeat(32), bytes: 1234, epoch: 1 } as const;
    recordEvent(store, runId, { type: 'model', model });

    const metrics = storedPoints(store, runId);
    const batchPoints = metrics.filter((m) => m.step === 2);
    expect(batchPoints.map((m) => [m.split, m.name, m.value]).sort()).toEqual(
      [
        ['train', 'accuracy', 0.5],
        ['train', 'loss', 2.1],
        ['train', 'lr', 0.01],
      ].sort(),
    );
    const epochPoints = metrics.filter((m) => m.step === 4);
    expect(epochPoints.map((m) => [m.split, m.name, m.value]).sort()).toEqual(
      [
        ['train', 'loss', 1.5],
        ['train', 'accuracy', 0.6],
        ['val', 'loss', 1.2],
        ['val', 'accuracy', 0.7],
        ['train', 'lr', 0.01],
      ].sort(),
    );
    expect(epochPoints.every((m) => m.epoch === 1 && m.time === 2_000)).toBe(true);
    expect(store.getRun(runId)).toMatchObject({ epochsDone: 1, bestValAccuracy: 0.7 });
    expect(store.getModel(runId, 'best')).toEqual(model);

    const confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 2 : 0)));
    const perClass = confusion.map(() => ({ precision: 1, recall: 1, support: 2 }));
    const predictions = Array.from({ length: 20 }, (_, i) => i % 10);
    recordEvent(store, runId, { type: 'done', testLoss: 0.1, testAccuracy: 1, confusion, perClass, predictions, time: 3_000 });

    const detail = store.getRunDetail(runId);
    expect(detail).toMatchObject({ status: 'completed', testAccuracy: 1, testLoss: 0.1, confusion, perClass, error: null });
    expect(Array.from(store.getPredictions(runId) ?? [])).toEqual(predictions);
    // Without a real-world result (a training process from before scores were kept): no score.
    expect(detail).toMatchObject({ realWorld: null, realWorldAccuracy: null });
  });

  it('records the real-world score that comes with the test results', () => {
    recordEvent(store, runId, started);
    const confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 1 : 0)));
    const realWorld = { ok: true as const, model: 'final' as const, correct: 7, total: 8, styles: [{ style: 'pen', correct: 3, total: 4, refused: 0 }, { style: 'chalk', correct: 4, total: 4, refused: 0 }], views: 6 };
    recordEvent(store, runId, { type: 'done', testLoss: 0.1, testAccuracy: 1, confusion, perClass: confusion.map(() => ({ precision: 1, recall: 1, support: 1 })), predictions: Array.from({ length: 10 }, (_, i) => i), realWorld, time: 3_000 });
    expect(store.getRunResults(runId)).toMatchObject({ status: 'completed', realWorld, realWorldAccuracy: 7 / 8 });
  });

  it('records a score from a worker of the version before views as read in one view a picture', () => {
    recordEvent(store, runId, started);
    const confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 1 : 0)));
    // A Slurm job started before the update sends its score without the views field.
    const older = { ok: true as const, model: 'final' as const, correct: 7, total: 8, styles: [{ style: 'pen', correct: 7, total: 8, refused: 0 }] } as unknown as RealWorldResult;
    recordEvent(store, runId, { type: 'done', testLoss: 0.1, testAccuracy: 1, confusion, perClass: confusion.map(() => ({ precision: 1, recall: 1, support: 1 })), predictions: Array.from({ length: 10 }, (_, i) => i), realWorld: older, time: 3_000 });
    expect(store.getRunResults(runId)?.realWorld).toMatchObject({ ok: true, correct: 7, views: 1 });
  });

  it('keeps a NaN loss and ends a diverged run with its message', () => {
    recordEvent(store, runId, started);
    recordEvent(store, runId, batchEvent(3, Number.NaN));
    const message = 'Loss became NaN at epoch 1, step 3: the learning rate 50 is probably too high; try 0.01 or lower.';
    recordEvent(store, runId, { type: 'diverged', epoch: 1, step: 3, message });
    const loss = storedPoints(store, runId).find((m) => m.name === 'loss');
    expect(Number.isNaN(loss?.value)).toBe(true);
    expect(store.getRun(runId)).toMatchObject({ status: 'diverged', error: message });
  });

  it('ends cancelled and failed runs', () => {
    recordEvent(store, runId, started);
    recordEvent(store, runId, { type: 'cancelled' });
    expect(store.getRun(runId)).toMatchObject({ status: 'cancelled', error: null });

    const other = store.createRun({ ...store.getRun(runId)!, name: 'other', presetId: null, params: 1 }).id;
    recordEvent(store, other, started);
    recordEvent(store, other, { type: 'failed', message: 'The training process was killed (SIGKILL).' });
    expect(store.getRun(other)).toMatchObject({ status: 'failed', error: 'The training process was killed (SIGKILL).' });
  });

  it('stores batches without a learning rate as loss and accuracy only', () => {
    recordEvent(store, runId, started);
    const { learningRate: _dropped, ...withoutRate } = batchEvent(1, 2) as Extract<TrainingEvent, { type: 'batch' }>;
    recordEvent(store, runId, withoutRate);
    expect(storedPoints(store, runId).map((m) => m.name).sort()).toEqual(['accuracy', 'loss']);
  });
});
