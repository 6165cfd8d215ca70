import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../common/layers/presets';
import type { LayerSpec } from '../../../../common/layers/types';
import { loadTf } from '../../../../main/training/backends';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../../../../main/training/kernels';
import { buildModel } from '../../../../main/training/model';
import { maxAbs, maxAbsDiff, valuesOn } from './compare';
import { readMnistSample } from './mnist-sample';

type Tf = typeof tfjs;

// A small batch: the cpu reference backend takes seconds per conv gradient.
const mnist = readMnistSample(4);

/** Every layer type and activation the designer offers, in one stack, so no kernel goes untried. */
const EVERY_LAYER: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'elu' },
  { type: 'batchNormalization' },
  { type: 'activation', activation: 'leakyRelu' },
  { type: 'maxPooling2d', poolSize: 3, strides: 2, padding: 'same' },
  { type: 'conv2d', filters: 6, kernelSize: 2, strides: 2, padding: 'valid', activation: 'sigmoid' },
  { type: 'averagePooling2d', poolSize: 2, strides: 1, padding: 'same' },
  { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'leakyRelu' },
  { type: 'activation', activation: 'tanh' },
  { type: 'globalAveragePooling2d' },
  { type: 'dense', units: 12, activation: 'relu' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

const ARCHITECTURES: { name: string; layers: LayerSpec[] }[] = [
  ...PRESETS.map((p) => ({ name: `preset ${p.id}`, layers: p.layers })),
  { name: 'every layer type and activation', layers: EVERY_LAYER },
];

/** Loss gradients for every trainable weight of `model` on a batch of real digits. */
function weightGradients(tf: Tf, model: tfjs.LayersModel, training: boolean): tfjs.Tensor[] {
  const variables = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
  const x = tf.tensor4d(mnist.images, [mnist.count, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from(mnist.labels), 'int32'), 10);
  const { value, grads } = tf.variableGrads(
    () => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training }) as tfjs.Tensor)) as tfjs.Scalar,
    variables,
  );
  tf.dispose([x, y]);
  return [value, ...variables.map((v) => grads[v.name])];
}

/** Largest difference between the backends, over the loss and every weight's gradient, and the scale it is judged against. */
async function compareBackends(layers: LayerSpec[], training: boolean): Promise<{ worst: number; scale: number; nonZero: boolean }> {
  const { tf } = await loadTf('cpu');
  const model = buildModel(tf, layers, 7);
  try {
    // The same model (same weights) runs on both backends; its variables move between them.
    const cpu = await valuesOn('cpu', (t) => weightGradients(t, model, training));
    const wasm = await valuesOn('wasm', (t) => weightGradients(t, model, training));
    expect(wasm).toHaveLength(cpu.length);
    return {
      worst: Math.max(...cpu.map((values, i) => maxAbsDiff(wasm[i], values))),
      scale: Math.max(1, ...cpu.map(maxAbs)),
      nonZero: cpu.slice(1).some((g) => maxAbs(g) > 0),
    };
  } finally {
    model.dispose();
  }
}

const hasBatchNorm = (layers: LayerSpec[]): boolean => layers.some((l) => l.type === 'batchNormalization');

describe('registerWasmTrainingKernels', () => {
  it('registers each kernel once, however often it is called', async () => {
    const { tf } = await loadTf('wasm'); // registers them
    const before = WASM_TRAINING_KERNELS.map((name) => tf.getKernel(name, 'wasm'));
    expect(registerWasmTrainingKernels(tf)).toEqual([]);
    expect(WASM_TRAINING_KERNELS.map((name) => tf.getKernel(name, 'wasm'))).toEqual(before);
    expect(before.every((config) => config !== undefined)).toBe(true);
  });
});

describe('training gradients on wasm', () => {
  // Inference mode switches dropout off (its masks differ per backend) and makes batch norm use its
  // moving statistics: every other kernel of the backward pass is compared exactly as training runs it.
  for (const arch of ARCHITECTURES) {
    it(`match the cpu backend for the loss and every weight: ${arch.name}`, async () => {
      const { worst, scale, nonZero } = await compareBackends(arch.layers, false);
      expect(nonZero).toBe(true);
      expect(worst).toBeLessThan(1e-5 * scale);
    });
  }

  // With batch statistics, batch norm divides by each batch's standard deviation, which magnifies
  // float32 rounding (the cpu backend accumulates in float64, wasm in float32): differences reach a
  // few 1e-5 there, against about 1e-8 in inference mode above, hence the wider bound.
  for (const arch of ARCHITECTURES.filter((a) => hasBatchNorm(a.layers))) {
    it(`match the cpu backend with batch statistics (training-mode batch norm): ${arch.name}`, async () => {
      const { worst, scale } = await compareBackends(arch.layers, true);
      expect(worst).toBeLessThan(1e-4 * scale);
    });
  }
});

describe('training on wasm', () => {
  it('lowers the loss of the std preset on real digits within a few steps, without leaking buffers', async () => {
    const { tf } = await loadTf('wasm');
    const std = PRESETS.find((p) => p.id === 'std');
    if (!std) throw new Error('The std preset is missing.');
    const model = buildModel(tf, std.layers, 1);
    model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy' });
    const digits = readMnistSample(128);
    const x = tf.tensor4d(digits.images, [digits.count, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(Array.from(digits.labels), 'int32'), 10);
    const losses: number[] = [];
    let buffersAfterFirstSteps = 0;
    for (let step = 0; step < 15; step++) {
      losses.push((await model.trainOnBatch(x, y)) as number);
      if (step === 2) buffersAfterFirstSteps = tf.engine().backend.numDataIds();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    // Every temporary buffer the kernels allocate on the wasm heap is freed again.
    expect(tf.engine().backend.numDataIds()).toBe(buffersAfterFirstSteps);
    tf.dispose([x, y]);
    model.dispose();
  });
});
