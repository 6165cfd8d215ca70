import type * as tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedRandom, maxAbs, maxAbsDiff, valuesOn } from './compare';
import { readMnistSample, type MnistSample } from './mnist-sample';

type Tf = typeof tfjs;
type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface InputGradCase {
  name: string;
  channels: number;
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const CASES: InputGradCase[] = [
  { name: '3x3 valid, 32 -> 64 (std conv2)', channels: 32, filter: [3, 3, 32, 64], strides: 1, pad: 'valid' },
  { name: '3x3 same, 16 -> 32 (fast99 conv2)', channels: 16, filter: [3, 3, 16, 32], strides: 1, pad: 'same' },
  { name: '5x5 valid, 8 -> 16 (tfjs-tiny conv2)', channels: 8, filter: [5, 5, 8, 16], strides: 1, pad: 'valid' },
  { name: '3x3 same, stride 2 (zeros inserted into dy)', channels: 4, filter: [3, 3, 4, 6], strides: 2, pad: 'same' },
  { name: '5x5 valid, strides 2x3 (unused trailing rows)', channels: 3, filter: [5, 5, 3, 4], strides: [2, 3], pad: 'valid' },
  { name: '2x2 same (asymmetric padding)', channels: 2, filter: [2, 2, 2, 5], strides: 1, pad: 'same' },
  { name: 'explicit padding wider than the filter (stock kernel fallback)', channels: 2, filter: [2, 2, 2, 3], strides: 1, pad: [[0, 0], [3, 3], [2, 4], [0, 0]] },
];

let mnist: MnistSample;
beforeAll(() => {
  mnist = readMnistSample(8);
});

/** MNIST digits spread over `channels` channels (each a shifted copy), 28x28. */
function multiChannelDigits(channels: number): Float32Array {
  const n = mnist.count * 784;
  const x = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) x[i * channels + c] = mnist.images[(i + c * 31) % n];
  return x;
}

/** d(sum(conv(x, w) * r) / batch) / dx: what backpropagation through a conv layer into the layer below computes. */
function inputGradient(tf: Tf, c: InputGradCase, filterSeed = 3): tfjs.Tensor[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(multiChannelDigits(c.channels), [mnist.count, 28, 28, c.channels]);
    const w = tf.tensor4d(fixedRandom(c.filter.reduce((a, b) => a * b), filterSeed), c.filter);
    const r = tf.tidy(() => {
      const out = tf.conv2d(x, w, c.strides, c.pad);
      return tf.tensor(fixedRandom(out.size, 5), out.shape);
    });
    const grad = tf.grad((images) => tf.div(tf.sum(tf.mul(tf.conv2d(images as tfjs.Tensor4D, w, c.strides, c.pad), r)), mnist.count));
    return [grad(x)];
  });
}

describe('Conv2DBackpropInput on wasm', () => {
  for (const c of CASES) {
    it(`matches the cpu backend: ${c.name}`, async () => {
      const [wasm] = await valuesOn('wasm', (tf) => inputGradient(tf, c));
      const [cpu] = await valuesOn('cpu', (tf) => inputGradient(tf, c));
      expect(maxAbs(cpu)).toBeGreaterThan(0.1);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu)));
    });
  }

  it('uses each call\'s own filter (no stale cached filter from the previous step)', async () => {
    const c = CASES[0];
    const first = await valuesOn('wasm', (tf) => inputGradient(tf, c, 101));
    const [second] = await valuesOn('wasm', (tf) => inputGradient(tf, c, 202));
    const [reference] = await valuesOn('cpu', (tf) => inputGradient(tf, c, 202));
    expect(maxAbsDiff(first[0], second)).toBeGreaterThan(0.01);
    expect(maxAbsDiff(second, reference)).toBeLessThan(1e-5 * Math.max(1, maxAbs(reference)));
  });
});
