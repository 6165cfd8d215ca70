import type * as tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../../../../main/training/backends';
import { conv2dBackpropFilterConfig } from '../../../../main/training/kernels/conv2dBackpropFilter';
import { fixedRandom, maxAbs, maxAbsDiff, valuesOn } from './compare';
import { readMnistSample, type MnistSample } from './mnist-sample';

type Tf = typeof tfjs;

interface ConvCase {
  name: string;
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid';
}

/** The conv layers the presets use, plus strided and even-sized filters the designer allows. */
const CASES: ConvCase[] = [
  { name: '3x3 valid, 1 -> 32 (std conv1)', filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
  { name: '5x5 valid, 1 -> 8 (tfjs-tiny conv1)', filter: [5, 5, 1, 8], strides: 1, pad: 'valid' },
  { name: '3x3 same, 1 -> 16 (fast99 conv1)', filter: [3, 3, 1, 16], strides: 1, pad: 'same' },
  { name: '3x3 same, stride 2', filter: [3, 3, 1, 6], strides: 2, pad: 'same' },
  { name: '5x5 valid, strides 2x3', filter: [5, 5, 1, 4], strides: [2, 3], pad: 'valid' },
  { name: '2x2 same (asymmetric padding)', filter: [2, 2, 1, 5], strides: 1, pad: 'same' },
  { name: '4x4 same, stride 3', filter: [4, 4, 1, 3], strides: 3, pad: 'same' },
];

let mnist: MnistSample;
beforeAll(() => {
  // Few images: the cpu reference backend is slow at conv gradients.
  mnist = readMnistSample(24);
});

/** d(sum(conv(x, w) * r) / batch) / dw, with r a fixed "upstream gradient", on real MNIST digits. */
function filterGradient(tf: Tf, c: ConvCase, x: Float32Array, channels: number, side = 28): tfjs.Tensor[] {
  return tf.tidy(() => {
    const images = tf.tensor4d(x, [x.length / (side * side * channels), side, side, channels]);
    const w = tf.tensor4d(fixedRandom(c.filter.reduce((a, b) => a * b), 7), c.filter);
    const r = tf.tidy(() => {
      const out = tf.conv2d(images, w, c.strides, c.pad);
      return tf.tensor(fixedRandom(out.size, 11), out.shape);
    });
    const grad = tf.grad((weights) => tf.div(tf.sum(tf.mul(tf.conv2d(images, weights as tfjs.Tensor4D, c.strides, c.pad), r)), images.shape[0]));
    return [grad(w)];
  });
}

describe('Conv2DBackpropFilter on wasm', () => {
  for (const c of CASES) {
    it(`matches the cpu backend on MNIST digits: ${c.name}`, async () => {
      const [wasm] = await valuesOn('wasm', (tf) => filterGradient(tf, c, mnist.images, 1));
      const [cpu] = await valuesOn('cpu', (tf) => filterGradient(tf, c, mnist.images, 1));
      expect(maxAbs(cpu)).toBeGreaterThan(0.1); // a real signal, not zeros compared with zeros
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu)));
    });
  }

  /** Deeper layers (several input channels) take the convolution path of filterGradientConv.ts. */
  const DEEP_CASES: Array<ConvCase & { channels: number; images: number }> = [
    { name: '5x5 valid, 8 -> 16 (tfjs-tiny conv2)', filter: [5, 5, 8, 16], strides: 1, pad: 'valid', channels: 8, images: 4 },
    { name: '3x3 same, 16 -> 32 (the filter of fast99 conv2)', filter: [3, 3, 16, 32], strides: 1, pad: 'same', channels: 16, images: 3 },
    { name: '2x2 same, 4 -> 6 (asymmetric padding)', filter: [2, 2, 4, 6], strides: 1, pad: 'same', channels: 4, images: 4 },
    { name: '3x3 same, stride 2, 4 -> 6 (im2col path)', filter: [3, 3, 4, 6], strides: 2, pad: 'same', channels: 4, images: 4 },
  ];
  for (const c of DEEP_CASES) {
    it(`matches the cpu backend for a deeper layer on MNIST digits: ${c.name}`, async () => {
      // Stack each digit with shifted copies of itself to get a many-channel input.
      const x = new Float32Array(c.images * 784 * c.channels);
      for (let i = 0; i < c.images * 784; i++) for (let k = 0; k < c.channels; k++) x[i * c.channels + k] = mnist.images[(i + k * 29) % (c.images * 784)];
      const [wasm] = await valuesOn('wasm', (tf) => filterGradient(tf, c, x, c.channels));
      const [cpu] = await valuesOn('cpu', (tf) => filterGradient(tf, c, x, c.channels));
      expect(maxAbs(cpu)).toBeGreaterThan(0.1);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu)));
    });
  }

  it('gives a whole MNIST batch of a deep layer the same gradient as the cpu backend (fast99 conv3, 32 images)', async () => {
    // Real activations: fast99's first two blocks (fixed weights) turn 32 digits into [32,7,7,32] maps.
    const digits = readMnistSample(32).images;
    const c: ConvCase = { name: 'fast99 conv3', filter: [3, 3, 32, 64], strides: 1, pad: 'same' };
    const features = (tf: Tf): tfjs.Tensor4D =>
      tf.tidy(() => {
        const images = tf.tensor4d(digits, [32, 28, 28, 1]);
        const w1 = tf.tensor4d(fixedRandom(3 * 3 * 16, 3), [3, 3, 1, 16]);
        const w2 = tf.tensor4d(fixedRandom(3 * 3 * 16 * 32, 5), [3, 3, 16, 32]);
        const h1 = tf.maxPool(tf.relu(tf.conv2d(images, w1, 1, 'same')), 2, 2, 'valid');
        return tf.maxPool(tf.relu(tf.conv2d(h1, w2, 1, 'same')), 2, 2, 'valid');
      });
    const gradient = (tf: Tf): tfjs.Tensor[] => {
      const maps = features(tf);
      const x = maps.dataSync() as Float32Array;
      maps.dispose();
      return filterGradient(tf, c, x, 32, 7);
    };
    const [wasm] = await valuesOn('wasm', gradient);
    const [cpu] = await valuesOn('cpu', gradient);
    expect(maxAbs(cpu)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu)));
  });

  it('gives the same result when a big batch is done in slices of images', async () => {
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 1, 4] as [number, number, number, number] };
    const inputs = (tf: Tf): { x: tfjs.Tensor; dy: tfjs.Tensor } => ({
      x: tf.tensor4d(mnist.images.subarray(0, 7 * 784), [7, 28, 28, 1]),
      dy: tf.tensor4d(fixedRandom(7 * 14 * 14 * 4, 13), [7, 14, 14, 4]),
    });
    const [cpu] = await valuesOn('cpu', (tf) => [tf.engine().runKernel('Conv2DBackpropFilter', inputs(tf), attrs) as tfjs.Tensor]);
    // A cap of 3 images' worth of columns: slices of 3, 3 and 1 images.
    const [sliced] = await valuesOn('wasm', (tf) => {
      const { x, dy } = inputs(tf);
      const kernel = conv2dBackpropFilterConfig(tf, 3 * 9 * 14 * 14);
      const out = kernel.kernelFunc({ inputs: { x, dy }, backend: tf.backend(), attrs }) as tfjs.TensorInfo;
      tf.dispose([x, dy]);
      return [tf.engine().makeTensorFromTensorInfo(out)];
    });
    expect(maxAbsDiff(sliced, cpu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu)));
  });

  it('rejects channels-first data with a message that says what it supports', async () => {
    const { tf } = await loadTf('wasm');
    const x = tf.zeros([1, 1, 6, 6]);
    const dy = tf.zeros([1, 2, 4, 4]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 1, 2] })).toThrow(
      /supports NHWC \(channels-last\) data only/,
    );
    tf.dispose([x, dy]);
  });

  it('rejects a dy whose shape does not fit the convolution', async () => {
    const { tf } = await loadTf('wasm');
    const x = tf.zeros([1, 6, 6, 1]);
    const dy = tf.zeros([1, 3, 3, 2]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 1, 2] })).toThrow(
      /dy has shape \[1,3,3,2\] but the convolution produces \[1,4,4,2\]/,
    );
    tf.dispose([x, dy]);
  });
});
