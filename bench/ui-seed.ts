/**
 * Synthetic but realistic runs for the renderer timings (bench/ui.ts), written through the store
 * API the training recorder uses (`recordEvent` with the events a training process sends), so
 * the rows and metric points are exactly what real training would leave in SQLite.
 */
import { analyzeArchitecture } from '../common/layers/analyze';
import { PRESETS } from '../common/layers/presets';
import type { Preset } from '../common/ipc/contract';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../common/training/hyperparameters';
import type { BackendInfo, ClassMetrics, TrainingEvent } from '../common/training/run';
import type { RunStore } from '../main/store/types';
import { recordEvent } from '../main/training/recorder';

const BACKEND: BackendInfo = { backend: 'wasm', device: 'CPU (bench)', tfjsVersion: '4.22.0', threads: 1 };
const TRAIN_SIZE = 54_000;
const TEST_SIZE = 500;

/** A small deterministic generator, so every bench run seeds the same data. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function newRun(store: RunStore, preset: Preset, name: string, hyperparameters: Hyperparameters): number {
  const params = analyzeArchitecture(preset.layers).totalParams;
  return store.createRun({ name, presetId: preset.id, layers: preset.layers, hyperparameters, params }).id;
}

function started(hyperparameters: Hyperparameters, batchesPerEpoch: number, params: number): TrainingEvent {
  return { type: 'started', info: BACKEND, trainSize: TRAIN_SIZE, valSize: 6000, testSize: TEST_SIZE, batchesPerEpoch, epochs: hyperparameters.epochs, params };
}

/** A plausible confusion matrix for an accuracy: most of each class on the diagonal. */
function testResults(accuracy: number, time: number): Extract<TrainingEvent, { type: 'done' }> {
  const perClassCount = TEST_SIZE / 10;
  const right = Math.round(perClassCount * accuracy);
  const confusion = Array.from({ length: 10 }, (_, label) =>
    Array.from({ length: 10 }, (_, predicted) => (predicted === label ? right : predicted === (label + 1) % 10 ? perClassCount - right : 0)),
  );
  const perClass: ClassMetrics[] = confusion.map(() => ({ precision: accuracy, recall: accuracy, support: perClassCount }));
  const predictions = confusion.flatMap((row) => row.flatMap((count, predicted) => Array<number>(count).fill(predicted)));
  return { type: 'done', testLoss: 1 - accuracy, testAccuracy: accuracy, confusion, perClass, predictions, time };
}

const TAGS = ['baseline', 'augment', 'wide', 'sweep', 'keep'];

/**
 * `count` finished runs (mostly completed; some cancelled, failed or diverged), each with a few
 * per-epoch points only, as a long-used data folder holds them: varied presets, names, tags and
 * stars. Returns how many were written.
 */
export function seedFinishedRuns(store: RunStore, count: number): number {
  const random = generator(7);
  for (let i = 0; i < count; i++) {
    const preset = PRESETS[i % PRESETS.length];
    const hyperparameters: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters, learningRate: [0.001, 0.003, 0.01][i % 3], epochs: 1 + (i % 3) };
    const id = newRun(store, preset, `${preset.id} lr ${hyperparameters.learningRate} try ${i + 1}`, hyperparameters);
    const batchesPerEpoch = Math.ceil(TRAIN_SIZE / hyperparameters.batchSize);
    recordEvent(store, id, started(hyperparameters, batchesPerEpoch, 0));
    let time = Date.now();
    let accuracy = 0.9;
    for (let epoch = 1; epoch <= hyperparameters.epochs; epoch++) {
      accuracy = Math.min(0.995, accuracy + 0.03 * random());
      time += 20_000;
      recordEvent(store, id, { type: 'epoch', step: epoch * batchesPerEpoch, time, epoch, trainLoss: 1 - accuracy, trainAccuracy: accuracy, valLoss: 1.1 - accuracy, valAccuracy: accuracy - 0.01, learningRate: hyperparameters.learningRate, seconds: 20 });
    }
    const ending = i % 50;
    if (ending === 7) recordEvent(store, id, { type: 'cancelled' });
    else if (ending === 13) recordEvent(store, id, { type: 'failed', message: 'The training process ran out of memory.' });
    else if (ending === 29) recordEvent(store, id, { type: 'diverged', epoch: 1, step: 40, message: 'Loss became NaN at step 40.' });
    else recordEvent(store, id, testResults(accuracy - 0.005, time + 1000));
    if (i % 9 === 0 || i % 31 === 0) store.updateRun(id, { tags: [TAGS[i % TAGS.length], ...(i % 31 === 0 ? ['long tag for a sweep'] : [])], starred: i % 17 === 0 });
  }
  return count;
}

export interface ComparedRunsPlan {
  runs: number;
  epochs: number;
  batchSize: number;
}

/**
 * Runs for the Compare chart: `epochs` epochs of every batch's loss, accuracy and learning rate
 * (as a slow backend records them: no batch throttled away), then the epoch summaries with
 * validation metrics, then test results. Curves fall like real training: fast, then slowly,
 * with batch noise, each run a little different. Returns the run ids and points per run.
 */
export function seedComparedRuns(store: RunStore, plan: ComparedRunsPlan): { ids: number[]; batchPointsPerRun: number } {
  const preset = PRESETS[0];
  const batchesPerEpoch = Math.ceil(TRAIN_SIZE / plan.batchSize);
  const ids: number[] = [];
  for (let r = 0; r < plan.runs; r++) {
    const random = generator(100 + r);
    const learningRate = 0.0005 * (1 + r);
    const hyperparameters: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters, learningRate, epochs: plan.epochs, batchSize: plan.batchSize };
    const id = newRun(store, preset, `compare lr ${learningRate.toFixed(4)}`, hyperparameters);
    ids.push(id);
    recordEvent(store, id, started(hyperparameters, batchesPerEpoch, 0));
    const floor = 0.02 + 0.01 * (r % 5);
    const speed = 0.0004 + 0.00005 * r;
    // After the run's start (markRunning stamps it now), ~35 ms a batch as on a slow backend.
    let time = Date.now();
    let step = 0;
    for (let epoch = 1; epoch <= plan.epochs; epoch++) {
      let lossSum = 0;
      let accuracySum = 0;
      for (let batch = 1; batch <= batchesPerEpoch; batch++) {
        step++;
        time += 30 + Math.round(10 * random());
        const clean = floor + 2.2 * Math.exp(-speed * step);
        const loss = Math.max(0.001, clean * (1 + 0.25 * (random() - 0.5)));
        const accuracy = Math.min(1, Math.max(0, 1 - clean / 2.4 + 0.03 * (random() - 0.5)));
        lossSum += loss;
        accuracySum += accuracy;
        recordEvent(store, id, { type: 'batch', epoch, batch, batchesPerEpoch, step, loss, accuracy, samplesPerSec: 4000, elapsedMs: step * 35, time, learningRate });
      }
      const trainLoss = lossSum / batchesPerEpoch;
      const trainAccuracy = accuracySum / batchesPerEpoch;
      recordEvent(store, id, { type: 'epoch', step, time, epoch, trainLoss, trainAccuracy, valLoss: trainLoss * 1.1, valAccuracy: trainAccuracy - 0.004, learningRate, seconds: 15 });
    }
    recordEvent(store, id, testResults(0.97 + 0.001 * r, time + 2000));
  }
  return { ids, batchPointsPerRun: plan.epochs * batchesPerEpoch };
}
