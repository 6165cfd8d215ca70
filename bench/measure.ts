/**
 * Times training steps of one model on the active backend through the trainer's own step
 * (main/training/train-step.ts: forward, loss, gradients, Adam update, and with several workers
 * the replicas' shares and the weight hand-over), on real MNIST batches already on the device.
 * Each step reads its loss back, so asynchronous backends are timed to completion.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayerSpec } from '../common/layers/types';
import { DEFAULT_HYPERPARAMETERS, type BackendId, type WorkersChoice } from '../common/training/hyperparameters';
import type { RawSplit, Subset } from '../main/data/mnist';
import { buildModel } from '../main/training/model';
import { sourceReplicaEntry } from '../main/training/parallel/replica-entry';
import { TrainStepper } from '../main/training/train-step';
import { summarise, type ThroughputStats } from './stats';

type Tf = typeof tfjs;

export interface MeasureOptions {
  backend: BackendId;
  layers: LayerSpec[];
  batchSize: number;
  workers: WorkersChoice;
  steps: number;
  repeats: number;
  warmup: number;
}

/** At most this many distinct batches are uploaded; steps cycle through them. */
const DISTINCT_BATCHES = 8;

function firstExamples(train: RawSplit, count: number): Subset {
  if (count > train.count) throw new Error(`The batches need ${count} examples; the training set has ${train.count}.`);
  return { pixels: train.images.subarray(0, count * 784), labels: train.labels.subarray(0, count), count };
}

export async function measureTraining(
  tf: Tf,
  train: RawSplit,
  options: MeasureOptions,
): Promise<ThroughputStats & { finalLoss: number; workers: number }> {
  const { batchSize } = options;
  const batches = Math.min(DISTINCT_BATCHES, Math.max(1, options.steps));
  const subset = firstExamples(train, batchSize * batches);
  const order = Int32Array.from({ length: subset.count }, (_, i) => i);
  const model = buildModel(tf, options.layers, 42);
  const optimizer = tf.train.adam(0.001);
  const stepper = await TrainStepper.create(tf, {
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, batchSize, workers: options.workers },
    backend: options.backend,
    layers: options.layers,
    model,
    optimizer,
    train: subset,
    replicaEntry: sourceReplicaEntry,
  });
  let step = 0;
  let loss = Number.NaN;
  const trainStep = async (): Promise<void> => {
    const start = (step % batches) * batchSize;
    [loss] = await stepper.step(step++, order, start, batchSize, null);
  };
  try {
    for (let i = 0; i < options.warmup; i++) await trainStep();
    const runs: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      const started = performance.now();
      for (let i = 0; i < options.steps; i++) await trainStep();
      const seconds = (performance.now() - started) / 1000;
      runs.push((options.steps * batchSize) / seconds);
      // Let timers and I/O run between repeats, as the trainer does between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { ...summarise(runs), finalLoss: loss, workers: stepper.workers };
  } finally {
    await stepper.dispose();
    model.dispose();
    optimizer.dispose();
  }
}
