import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS, type Augmentation, type WorkersChoice } from '../../../common/training/hyperparameters';
import { createRng } from '../../../common/training/random';
import { loadMnist, makeSplits, type Subset } from '../../../main/data/mnist';
import { loadTf } from '../../../main/training/backends';
import { drawAugmentation } from '../../../main/training/augment';
import { HostDataset } from '../../../main/training/host-dataset';
import { evaluateModel } from '../../../main/training/evaluate';
import { buildModel } from '../../../main/training/model';
import { sourceReplicaEntry } from '../../../main/training/parallel/replica-entry';
import { TrainStepper } from '../../../main/training/train-step';
import { TINY_LAYERS } from './helpers';

const BATCH = 64;
const STEPS = 3;

/** TINY_LAYERS with batch normalisation, whose statistics depend on how a batch is shared. */
const BN_LAYERS: LayerSpec[] = [TINY_LAYERS[0], { type: 'batchNormalization' }, ...TINY_LAYERS.slice(1)];

let train: Subset;
/** An evaluation split whose size does not divide evenly among the threads or into batches. */
let held: Subset;
let heldData: HostDataset;
let order: Int32Array;

beforeAll(async () => {
  await loadTf('wasm');
  const splits = makeSplits(await loadMnist(), { validationSplit: 0, seed: 3, trainLimit: BATCH * STEPS, testLimit: 1101 });
  train = splits.train;
  held = splits.test;
  heldData = new HostDataset(tf, held);
  order = Int32Array.from({ length: train.count }, (_, i) => i);
});

interface Trained {
  workers: number;
  losses: number[];
  accuracies: number[];
  weights: Float32Array[];
  tensorsBefore: number;
  tensorsAfter: number;
}

async function trainSteps(workers: WorkersChoice, layers = TINY_LAYERS, replicaEntry = sourceReplicaEntry, augment: Augmentation = 'off'): Promise<Trained> {
  const model = buildModel(tf, layers, 7);
  const optimizer = tf.train.adam(0.01);
  const stepper = await TrainStepper.create(tf, {
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, batchSize: BATCH, workers },
    backend: 'wasm',
    layers,
    model,
    optimizer,
    train,
    replicaEntry,
  });
  const losses: number[] = [];
  const accuracies: number[] = [];
  let tensorsBefore = 0;
  try {
    for (let step = 0; step < STEPS; step++) {
      // Optimizer slots appear during the first step; from then on a step must leave nothing behind.
      if (step === 1) tensorsBefore = tf.memory().numTensors;
      const augmentation = drawAugmentation(augment, BATCH, createRng(step + 1));
      const [loss, accuracy] = await stepper.step(step, order, step * BATCH, BATCH, augmentation);
      losses.push(loss);
      accuracies.push(accuracy);
    }
    const tensorsAfter = tf.memory().numTensors;
    const weights = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
    return { workers: stepper.workers, losses, accuracies, weights, tensorsBefore, tensorsAfter };
  } finally {
    await stepper.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((values, i) => values.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i][j])))));
  return max;
}

describe('TrainStepper', () => {
  it('takes the same steps with the batch split over two threads as with one (no batch norm)', async () => {
    const one = await trainSteps('1');
    const two = await trainSteps('2');
    expect([one.workers, two.workers]).toEqual([1, 2]);
    // Only the order of floating-point sums differs: mean of halves vs mean of the whole.
    expect(maxDifference(one.weights, two.weights)).toBeLessThan(1e-4);
    two.losses.forEach((loss, i) => expect(loss).toBeCloseTo(one.losses[i], 4));
    expect(two.accuracies).toEqual(one.accuracies);
    expect(two.losses[STEPS - 1]).toBeLessThan(two.losses[0]);
    expect(two.tensorsAfter).toBe(two.tensorsBefore);
  }, 60_000);

  it.each(['shift', 'handwriting'] as const)('gives replicas the same %s augmentation as one thread would use', async (augment) => {
    const one = await trainSteps('1', TINY_LAYERS, sourceReplicaEntry, augment);
    const two = await trainSteps('2', TINY_LAYERS, sourceReplicaEntry, augment);
    expect(maxDifference(one.weights, two.weights)).toBeLessThan(1e-4);
  }, 60_000);

  it('trains a batch-norm network on three threads, each normalising its own share', async () => {
    const three = await trainSteps('3', BN_LAYERS);
    expect(three.workers).toBe(3);
    expect(three.losses.every(Number.isFinite)).toBe(true);
    expect(three.tensorsAfter).toBe(three.tensorsBefore);
    // Per-share statistics make it a slightly different step from one thread's, but a close one.
    const one = await trainSteps('1', BN_LAYERS);
    expect(Math.abs(three.losses[0] - one.losses[0])).toBeLessThan(0.05);
  }, 60_000);

  it('evaluates a split on three threads exactly as the primary alone would, batch-norm statistics included', async () => {
    const model = buildModel(tf, BN_LAYERS, 7);
    const optimizer = tf.train.adam(0.01);
    const evaluation = { val: held, test: held };
    const stepper = await TrainStepper.create(tf, {
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS, batchSize: BATCH, workers: '3' },
      backend: 'wasm',
      layers: BN_LAYERS,
      model,
      optimizer,
      train,
      evaluation,
      replicaEntry: sourceReplicaEntry,
    });
    try {
      expect(stepper.workers).toBe(3);
      // Training moves the primary's moving mean and variance away from the replicas' own.
      for (let step = 0; step < STEPS; step++) await stepper.step(step, order, step * BATCH, BATCH, null);
      const shared = await stepper.evaluate('test', { cancelled: false });
      const alone = await evaluateModel(tf, model, heldData, { cancelled: false });
      if (!shared || !alone) throw new Error('An evaluation was cancelled.');
      expect(shared.predictions.length).toBe(held.count);
      expect(Array.from(shared.predictions)).toEqual(Array.from(alone.predictions));
      expect(shared.accuracy).toBe(alone.accuracy);
      expect(shared.loss).toBeCloseTo(alone.loss, 5);
      expect(await stepper.evaluate('test', { cancelled: true })).toBeNull();
    } finally {
      await stepper.dispose();
      model.dispose();
      optimizer.dispose();
    }
  }, 60_000);

  it('falls back to one thread for auto when replicas cannot start, and fails a chosen count clearly', async () => {
    const missing = new URL('./no-such-replica.js', import.meta.url).href;
    const auto = await trainSteps('auto', TINY_LAYERS, missing);
    expect(auto.workers).toBe(1);
    await expect(trainSteps('2', TINY_LAYERS, missing)).rejects.toThrow(/training worker thread/);
    await expect(trainSteps('2', TINY_LAYERS, null)).rejects.toThrow(/set workers to 1 or auto/);
  }, 60_000);
});
