/**
 * Times training steps of one model on the active backend: the same work a training batch does
 * (forward, loss, gradients, Adam update), on real MNIST batches already on the device, with the
 * loss read back every step so asynchronous backends are timed to completion.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayerSpec } from '../common/layers/types';
import type { RawSplit } from '../main/data/mnist';
import { buildModel } from '../main/training/model';
import { summarise, type ThroughputStats } from './stats';

type Tf = typeof tfjs;

export interface MeasureOptions {
  layers: LayerSpec[];
  batchSize: number;
  steps: number;
  repeats: number;
  warmup: number;
}

/** At most this many distinct batches are uploaded; steps cycle through them. */
const DISTINCT_BATCHES = 8;

interface Batch {
  x: tfjs.Tensor4D;
  y: tfjs.Tensor2D;
}

function uploadBatches(tf: Tf, train: RawSplit, batchSize: number, count: number): Batch[] {
  if (batchSize * count > train.count) throw new Error(`Batch size ${batchSize} is larger than the training set allows.`);
  return Array.from({ length: count }, (_, b) => {
    const start = b * batchSize;
    const pixels = Float32Array.from(train.images.subarray(start * 784, (start + batchSize) * 784), (p) => p / 255);
    const labels = Int32Array.from(train.labels.subarray(start, start + batchSize));
    return tf.tidy(() => ({ x: tf.tensor4d(pixels, [batchSize, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as tfjs.Tensor2D }));
  });
}

export async function measureTraining(tf: Tf, train: RawSplit, options: MeasureOptions): Promise<ThroughputStats & { finalLoss: number }> {
  const model = buildModel(tf, options.layers, 42);
  const optimizer = tf.train.adam(0.001);
  const batches = uploadBatches(tf, train, options.batchSize, Math.min(DISTINCT_BATCHES, Math.max(1, options.steps)));
  let step = 0;
  let loss = Number.NaN;
  const trainStep = (): void => {
    const { x, y } = batches[step++ % batches.length];
    // minimize runs the loss inside its own tidy; only the returned cost needs disposing.
    const cost = optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tfjs.Tensor)) as tfjs.Scalar, true);
    loss = cost ? cost.dataSync()[0] : Number.NaN;
    cost?.dispose();
  };
  try {
    for (let i = 0; i < options.warmup; i++) trainStep();
    const runs: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      const started = performance.now();
      for (let i = 0; i < options.steps; i++) trainStep();
      const seconds = (performance.now() - started) / 1000;
      runs.push((options.steps * options.batchSize) / seconds);
      // Let timers and I/O run between repeats, as the trainer does between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { ...summarise(runs), finalLoss: loss };
  } finally {
    for (const { x, y } of batches) tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
}
