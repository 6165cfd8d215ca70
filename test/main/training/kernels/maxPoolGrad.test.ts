import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxPoolBackprop, type PoolGeometry } from '../../../../main/training/kernels/maxPoolGrad';
import { fixedRandom, maxAbs, maxAbsDiff, valuesOn } from './compare';
import { readMnistSample } from './mnist-sample';

type Tf = typeof tfjs;

const geometry = (over: Partial<PoolGeometry>): PoolGeometry => ({
  batch: 1,
  inHeight: 2,
  inWidth: 2,
  inChannels: 1,
  outHeight: 1,
  outWidth: 1,
  filterHeight: 2,
  filterWidth: 2,
  strideHeight: 2,
  strideWidth: 2,
  padTop: 0,
  padLeft: 0,
  ...over,
});

describe('maxPoolBackprop', () => {
  it('sends each window\'s gradient to its maximum', () => {
    const dx = new Float32Array(4);
    maxPoolBackprop(Float32Array.of(1, 5, 3, 2), Float32Array.of(7), geometry({}), dx);
    expect(Array.from(dx)).toEqual([0, 7, 0, 0]);
  });

  it('gives ties to the first maximum in row-major order, as the cpu backend does', () => {
    const dx = new Float32Array(4);
    maxPoolBackprop(Float32Array.of(0, 0, 0, 0), Float32Array.of(3), geometry({}), dx);
    expect(Array.from(dx)).toEqual([3, 0, 0, 0]);
  });

  it('in 2x2 stride-2 windows, skips NaNs, gives a window of NaNs nothing and leaves a cut-off last row at zero', () => {
    // 3x4 input, 2 channels interleaved; the third row falls outside every window.
    const nan = Number.NaN;
    // prettier-ignore
    const x = Float32Array.of(
      nan, nan,  1, nan,   5, 2,  5, 2,
      nan, 3,    2, nan,   1, 2,  0, 9,
      8,   8,    8, 8,     8, 8,  8, 8,
    );
    const dx = new Float32Array(x.length);
    maxPoolBackprop(x, Float32Array.of(10, 20, 30, 40), geometry({ inHeight: 3, inWidth: 4, inChannels: 2, outWidth: 2 }), dx);
    // Window 1, channel 0: NaN,1,NaN,2 -> the 2; channel 1: NaN,NaN,3,NaN -> the 3.
    // Window 2, channel 0: 5,5,1,0 -> the first 5; channel 1: 2,2,2,9 -> the 9.
    // prettier-ignore
    expect(Array.from(dx)).toEqual([
      0, 0,   0, 0,    30, 0,  0, 0,
      0, 20,  10, 0,   0, 0,   0, 40,
      0, 0,   0, 0,    0, 0,   0, 0,
    ]);
  });

  it('adds up gradients where overlapping windows share a maximum', () => {
    // 1x3 input, windows of 2 with stride 1: both windows pick the 9 in the middle.
    const dx = new Float32Array(3);
    maxPoolBackprop(Float32Array.of(1, 9, 2), Float32Array.of(2, 5), geometry({ inHeight: 1, inWidth: 3, outWidth: 2, filterHeight: 1, strideWidth: 1 }), dx);
    expect(Array.from(dx)).toEqual([0, 7, 0]);
  });

  it('gives no gradient to a window of NaNs, and ignores padding', () => {
    const dx = new Float32Array(4);
    const g = geometry({ outHeight: 2, outWidth: 2, strideHeight: 1, strideWidth: 1, padTop: 1, padLeft: 1 });
    maxPoolBackprop(Float32Array.of(Number.NaN, -4, -2, -8), Float32Array.of(1, 10, 100, 1000), g, dx);
    // Window (0,0) holds only the NaN; (0,1) holds NaN,-4 -> -4; (1,0) NaN,-2 -> -2; (1,1) all four -> -2.
    expect(Array.from(dx)).toEqual([0, 10, 1100, 0]);
  });
});

interface PoolCase {
  name: string;
  size: number;
  strides: number;
  pad: 'same' | 'valid';
}

const CASES: PoolCase[] = [
  { name: '2x2 stride 2 valid (every preset)', size: 2, strides: 2, pad: 'valid' },
  { name: '3x3 stride 2 same (overlapping windows)', size: 3, strides: 2, pad: 'same' },
  { name: '3x3 stride 1 same', size: 3, strides: 1, pad: 'same' },
  { name: '2x2 stride 2 same on an odd size', size: 2, strides: 2, pad: 'same' },
];

/** Gradient of sum(maxPool(relu(conv features)) * r): relu zeros make plenty of ties, as in real training. */
function poolGradient(tf: Tf, c: PoolCase, digits: Float32Array, count: number): tfjs.Tensor[] {
  return tf.tidy(() => {
    const images = tf.tensor4d(digits, [count, 28, 28, 1]);
    const features = tf.relu(tf.conv2d(images, tf.tensor4d(fixedRandom(3 * 3 * 6, 9), [3, 3, 1, 6]), 1, 'valid')); // 26x26x6
    const odd = tf.slice(features, [0, 0, 0, 0], [count, 25, 25, 6]) as tfjs.Tensor4D;
    const pooledShape = tf.maxPool(odd, c.size, c.strides, c.pad).shape;
    const r = tf.tensor(fixedRandom(pooledShape.reduce((a, b) => a * b, 1), 4), pooledShape);
    const grad = tf.grad((x) => tf.sum(tf.mul(tf.maxPool(x as tfjs.Tensor4D, c.size, c.strides, c.pad), r)));
    return [grad(odd)];
  });
}

describe('MaxPoolGrad on wasm', () => {
  const mnist = readMnistSample(16);
  for (const c of CASES) {
    it(`matches the cpu backend on MNIST features: ${c.name}`, async () => {
      const [wasm] = await valuesOn('wasm', (tf) => poolGradient(tf, c, mnist.images, mnist.count));
      const [cpu] = await valuesOn('cpu', (tf) => poolGradient(tf, c, mnist.images, mnist.count));
      expect(maxAbs(cpu)).toBeGreaterThan(0.1);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5);
    });
  }
});
