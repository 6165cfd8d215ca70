import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeArchitecture } from '../../../common/layers/analyze';
import { PRESETS } from '../../../common/layers/presets';
import type { LayerSpec, Padding } from '../../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS, type OptimizerName } from '../../../common/training/hyperparameters';
import { buildModel, createOptimizer, dropoutSeed, layerSeed, seedDropout, setLearningRate, tfLayerCount } from '../../../main/training/model';
import { conv, dense, flatten } from '../../common/layers/builders';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pool = (type: 'maxPooling2d' | 'averagePooling2d', poolSize: number, strides: number, padding: Padding): LayerSpec => ({
  type,
  poolSize,
  strides,
  padding,
});

/**
 * Builds the stack with tfjs and checks every spec's output shape and parameter count against
 * analyzeArchitecture, following specs that expand into two tfjs layers.
 */
function expectAnalysisToMatchTfjs(layers: LayerSpec[]): void {
  const model = buildModel(tf, layers, 1);
  const report = analyzeArchitecture(layers);
  let tfIndex = 0;
  layers.forEach((spec, index) => {
    const group = model.layers.slice(tfIndex, tfIndex + tfLayerCount(spec));
    tfIndex += group.length;
    const lastShape = group[group.length - 1].outputShape as (number | null)[];
    expect({ layer: index, shape: lastShape.slice(1) }).toEqual({ layer: index, shape: report.layers[index].outputShape });
    const params = group.reduce((total, layer) => total + layer.countParams(), 0);
    expect({ layer: index, params }).toEqual({ layer: index, params: report.layers[index].params });
  });
  expect(tfIndex).toBe(model.layers.length);
  expect(model.countParams()).toBe(report.totalParams);
  model.dispose();
}

describe('buildModel agrees with analyzeArchitecture', () => {
  it.each(PRESETS.map((preset) => [preset.id, preset.layers] as const))('preset %s', (_id, layers) => {
    expectAnalysisToMatchTfjs(layers);
  });

  it.each<[string, LayerSpec[]]>([
    ['conv2d valid', [conv(8, 3)]],
    ['conv2d same', [conv(4, 5, 'same')]],
    ['conv2d stride 2 same', [conv(6, 3, 'same', 2)]],
    ['conv2d stride 3 valid, uneven', [conv(5, 4, 'valid', 3)]],
    ['conv2d 1x1', [conv(3, 1)]],
    ['conv2d 15x15', [conv(2, 15, 'valid', 1, 'tanh')]],
    ['conv2d leakyRelu (two tfjs layers)', [conv(4, 3, 'valid', 1, 'leakyRelu')]],
    ['two convs, channels carried over', [conv(4, 3), conv(7, 3, 'same', 2, 'elu')]],
    ['max pooling 2/2 valid', [pool('maxPooling2d', 2, 2, 'valid')]],
    ['max pooling 3/2 same', [pool('maxPooling2d', 3, 2, 'same')]],
    ['max pooling 3/1 valid', [pool('maxPooling2d', 3, 1, 'valid')]],
    ['average pooling 5/3 same', [pool('averagePooling2d', 5, 3, 'same')]],
    ['average pooling 4/4 valid', [pool('averagePooling2d', 4, 4, 'valid')]],
    ['global average pooling', [conv(6, 3), { type: 'globalAveragePooling2d' }]],
    ['batch norm on an image', [conv(8, 3), { type: 'batchNormalization' }]],
    ['batch norm on flat data', [flatten, { type: 'batchNormalization' }]],
    ['dropout', [{ type: 'dropout', rate: 0.3 }]],
    ['flatten', [conv(3, 3), flatten]],
    ['dense on flat data', [flatten, dense(32, 'sigmoid')]],
    ['dense leakyRelu (two tfjs layers)', [flatten, dense(16, 'leakyRelu')]],
    ['dense on an image, applied per pixel as tfjs does', [conv(3, 3), dense(5, 'relu')]],
    ['activation relu', [{ type: 'activation', activation: 'relu' }]],
    ['activation leakyRelu', [conv(2, 3), { type: 'activation', activation: 'leakyRelu' }]],
    ['dense 10 linear + softmax', [flatten, dense(10, 'linear'), { type: 'activation', activation: 'softmax' }]],
  ])('%s', (_name, layers) => {
    expectAnalysisToMatchTfjs(layers);
  });
});

describe('buildModel', () => {
  const weightsOf = (model: tf.LayersModel): number[][] => model.getWeights().map((weight) => Array.from(weight.dataSync()));

  it('gives the same initial weights for the same seed and different ones for another', () => {
    const layers = PRESETS.find((preset) => preset.id === 'fast99')!.layers;
    const first = buildModel(tf, layers, 5);
    const again = buildModel(tf, layers, 5);
    const other = buildModel(tf, layers, 6);
    expect(weightsOf(first)).toEqual(weightsOf(again));
    expect(weightsOf(first)).not.toEqual(weightsOf(other));
    for (const model of [first, again, other]) model.dispose();
  });

  it('is deterministic for seed 0 too, which tfjs alone would treat as unseeded', () => {
    const layers = [conv(4, 3), flatten, dense(10, 'softmax')];
    const first = buildModel(tf, layers, 0);
    const again = buildModel(tf, layers, 0);
    expect(weightsOf(first)).toEqual(weightsOf(again));
    first.dispose();
    again.dispose();
  });

  it('seeds each layer differently, so two identical layers do not start identical', () => {
    const model = buildModel(tf, [flatten, dense(8, 'relu'), dense(8, 'relu'), dense(8, 'relu'), dense(10, 'softmax')], 3);
    // Weights come as kernel, bias per dense layer: the 8x8 kernels of layers 3 and 4 are items 2 and 4.
    const [, , secondKernel, , thirdKernel] = weightsOf(model);
    expect(secondKernel).toHaveLength(64);
    expect(thirdKernel).toHaveLength(64);
    expect(secondKernel).not.toEqual(thirdKernel);
    expect(new Set([layerSeed(3, 1), layerSeed(3, 2), layerSeed(3, 3), layerSeed(4, 1)]).size).toBe(4);
    model.dispose();
  });

  it('derives per-layer seeds that are whole, positive and never 0', () => {
    for (const seed of [0, 1, -1, 42, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5]) {
      for (let index = 0; index < 50; index++) {
        const derived = layerSeed(seed, index);
        expect(Number.isInteger(derived)).toBe(true);
        expect(derived).toBeGreaterThanOrEqual(1);
        expect(derived).toBeLessThan(2 ** 31);
        expect(layerSeed(seed, index)).toBe(derived);
      }
    }
  });

  it('draws dropout masks from the seed of the step and share: the same seed the same mask, another seed another', () => {
    const model = buildModel(tf, [flatten, { type: 'dropout', rate: 0.5 }, { type: 'dropout', rate: 0.5 }, dense(10, 'softmax')], 3);
    const x = tf.ones([4, 28, 28, 1]);
    // The output of each dropout layer: its kept and dropped units are what the seed fixes.
    const masks = (seed: number): number[][] =>
      tf.tidy(() => {
        seedDropout(model, seed);
        const flat = model.layers[0].apply(x) as tf.Tensor;
        const first = model.layers[1].apply(flat, { training: true }) as tf.Tensor;
        const second = model.layers[2].apply(first, { training: true }) as tf.Tensor;
        return [Array.from(first.dataSync()), Array.from(second.dataSync())];
      });
    const a = masks(dropoutSeed(7, 10, 0));
    expect(masks(dropoutSeed(7, 10, 0))).toEqual(a);
    // Each layer has its own seed: the second does not just keep what the first kept.
    expect(a[0]).not.toEqual(a[1].map((v) => v / 2));
    expect(masks(dropoutSeed(7, 11, 0))[0]).not.toEqual(a[0]);
    expect(masks(dropoutSeed(7, 10, 1))[0]).not.toEqual(a[0]);
    expect(masks(dropoutSeed(8, 10, 0))[0]).not.toEqual(a[0]);
    for (const [seed, step, share] of [[0, 0, 0], [-1, 5, 3], [2 ** 31, 10 ** 6, 1]]) expect(dropoutSeed(seed, step, share)).toBeGreaterThanOrEqual(1);
    x.dispose();
    model.dispose();
  });

  it('uses He initialisation for ReLU units and Glorot for the rest', () => {
    // He normal (truncated): std = sqrt(2 / fanIn); Glorot uniform: limit = sqrt(6 / (fanIn + fanOut)).
    const model = buildModel(tf, [flatten, dense(256, 'relu'), dense(256, 'tanh'), dense(10, 'softmax')], 11);
    const [reluKernel, , tanhKernel] = weightsOf(model);
    const std = (values: number[]): number => Math.sqrt(values.reduce((total, value) => total + value * value, 0) / values.length);
    // A truncated normal's spread is about 0.88 of the requested std.
    expect(std(reluKernel) / (Math.sqrt(2 / 784) * 0.88)).toBeCloseTo(1, 1);
    const limit = Math.sqrt(6 / (256 + 256));
    expect(Math.max(...tanhKernel.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(std(tanhKernel) / (limit / Math.sqrt(3))).toBeCloseTo(1, 1);
    model.dispose();
  });

  it('builds an uncompiled model whose predictions are class probabilities', () => {
    const model = buildModel(tf, PRESETS.find((preset) => preset.id === 'tfjs-tiny')!.layers, 1);
    expect(() => model.optimizer.getConfig()).toThrow();
    const probabilities = tf.tidy(() => model.predict(tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1)) as tf.Tensor);
    expect(probabilities.shape).toEqual([3, 10]);
    const sums = tf.tidy(() => probabilities.sum(1).arraySync() as number[]);
    for (const sum of sums) expect(sum).toBeCloseTo(1, 5);
    probabilities.dispose();
    model.dispose();
  });

  it('refuses an empty stack in plain words', () => {
    expect(() => buildModel(tf, [], 1)).toThrow('The model has no layers: add at least a flatten layer and a dense 10 softmax layer.');
  });

  it('names the layer that tfjs cannot build', () => {
    expect(() => buildModel(tf, [flatten, conv(4, 3), dense(10, 'softmax')], 1)).toThrow(/^Layer 2 \(conv2d 4 3x3\) could not be built: /);
  });
});

describe('createOptimizer and setLearningRate', () => {
  /** One step on loss = 3x from x = 1; returns how far x moved. */
  function stepSize(optimizer: tf.Optimizer): number {
    const x = tf.variable(tf.scalar(1));
    optimizer.minimize(() => x.mul(3).sum() as tf.Scalar);
    const moved = 1 - x.dataSync()[0];
    x.dispose();
    return moved;
  }

  it.each<[OptimizerName, number, string]>([
    ['adam', 0.9, 'Adam'],
    ['sgd', 0.9, 'Momentum'],
    ['sgd', 0, 'SGD'],
    ['rmsprop', 0.9, 'RMSProp'],
  ])('builds %s (momentum %s) as tfjs %s at the learning rate', (optimizer, momentum, className) => {
    const created = createOptimizer(tf, { ...DEFAULT_HYPERPARAMETERS, optimizer, momentum, learningRate: 0.05 });
    expect(created.getClassName()).toBe(className);
    expect(created.getConfig().learningRate).toBe(0.05);
    created.dispose();
  });

  it("gives Adam the settings' betas", () => {
    const created = createOptimizer(tf, { ...DEFAULT_HYPERPARAMETERS, optimizer: 'adam', beta1: 0.7, beta2: 0.9 });
    expect(created.getConfig()).toMatchObject({ beta1: 0.7, beta2: 0.9 });
    const usual = createOptimizer(tf, { ...DEFAULT_HYPERPARAMETERS, optimizer: 'adam' });
    expect(usual.getConfig()).toMatchObject({ beta1: 0.9, beta2: 0.999 });
    created.dispose();
    usual.dispose();
  });

  it.each<[OptimizerName, number]>([
    ['adam', 0.9],
    ['sgd', 0.9],
    ['sgd', 0],
    ['rmsprop', 0.9],
  ])('changes the rate %s really uses (momentum %s)', (optimizer, momentum) => {
    const changed = createOptimizer(tf, { ...DEFAULT_HYPERPARAMETERS, optimizer, momentum, learningRate: 0.1 });
    setLearningRate(changed, 0.02);
    const fresh = createOptimizer(tf, { ...DEFAULT_HYPERPARAMETERS, optimizer, momentum, learningRate: 0.02 });
    const untouched = createOptimizer(tf, { ...DEFAULT_HYPERPARAMETERS, optimizer, momentum, learningRate: 0.1 });
    const changedStep = stepSize(changed);
    expect(changedStep).toBeGreaterThan(0);
    expect(changedStep).toBeCloseTo(stepSize(fresh), 6);
    expect(stepSize(untouched)).toBeCloseTo(changedStep * 5, 5);
    for (const created of [changed, fresh, untouched]) created.dispose();
  });
});
