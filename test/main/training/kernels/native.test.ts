/**
 * The convolution kernels compiled for this CPU (main/training/kernels/native): called directly
 * against the cpu backend's convolutions on real MNIST digits, and through the wasm backend the
 * way training uses them (forward with bias and ReLU, and both gradients). Where they did not
 * build the tests are skipped with the reason, and the wasm kernels' own tests cover training;
 * under CI=true (`npm ci` builds them) a missing build fails.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxPool2x2Backprop } from '../../../../main/training/kernels/maxPoolGrad';
import { reduceLeading } from '../../../../main/training/kernels/reduce';
import { nativeKernels, nativeKernelsLabel, type NativeDims } from '../../../../main/training/kernels/native';
import { expectWasmMatchesCpu, fixedRandom, maxAbs, maxAbsDiff, valuesOn } from './compare';
import { readMnistSample, type MnistSample } from './mnist-sample';

type Tf = typeof tfjs;

const kernels = nativeKernels();
const MISSING = 'the native kernels did not build here (no C compiler, or Windows); training uses the wasm kernels, tested in the other kernel tests';

interface Case {
  name: string;
  /** [filterH, filterW, inC, outC] */
  filter: [number, number, number, number];
  /** 'full': filter size less one on every side, as an input gradient computed as a convolution pads dy. */
  pad: 'same' | 'valid' | 'full';
  /** Side of the (square) input; channels beyond the first are MNIST digits shifted along. */
  side: number;
}

/**
 * fast99's and std's layers and their input gradients' shapes, and shapes that use every block
 * width (16 to 80 channels) and row length (blocks of 5, 7, 11, 12 and 13 pixels, an overlapping last block, rows narrower than a block).
 */
const CASES: Case[] = [
  { name: 'fast99 conv1, 3x3 same 1 -> 16', filter: [3, 3, 1, 16], pad: 'same', side: 28 },
  { name: 'fast99 conv2, 3x3 same 16 -> 32', filter: [3, 3, 16, 32], pad: 'same', side: 14 },
  { name: 'fast99 conv3, 3x3 same 32 -> 64', filter: [3, 3, 32, 64], pad: 'same', side: 7 },
  { name: '3x3 same 1 -> 48 (one input channel: two vectors, then one)', filter: [3, 3, 1, 48], pad: 'same', side: 28 },
  { name: '5x5 valid 1 -> 16 (one input channel, more taps than its fast path holds)', filter: [5, 5, 1, 16], pad: 'valid', side: 28 },
  { name: '2x2 valid 1 -> 32 (one input channel, taps counted at run time)', filter: [2, 2, 1, 32], pad: 'valid', side: 28 },
  { name: '5x5 valid 3 -> 48 (three vectors)', filter: [5, 5, 3, 48], pad: 'valid', side: 28 },
  { name: '3x3 same 5 -> 80 (a block of 64, then 16)', filter: [3, 3, 5, 80], pad: 'same', side: 12 },
  { name: '3x3 same 3 -> 32 on a 3x3 map (rows narrower than a block)', filter: [3, 3, 3, 32], pad: 'same', side: 3 },
  { name: '2x2 same 2 -> 16 (padding only below and right)', filter: [2, 2, 2, 16], pad: 'same', side: 9 },
  { name: 'std conv1, 3x3 valid 1 -> 32 (rows of 26: two blocks of 13)', filter: [3, 3, 1, 32], pad: 'valid', side: 28 },
  { name: 'std conv2, 3x3 valid 32 -> 64 (rows of 11: one block)', filter: [3, 3, 32, 64], pad: 'valid', side: 13 },
  { name: "std conv2's input gradient, 3x3 full 64 -> 32 on 11x11 (rows of padding skipped)", filter: [3, 3, 64, 32], pad: 'full', side: 11 },
  { name: '5x5 valid 2 -> 32 (rows of 24: two blocks of 12)', filter: [5, 5, 2, 32], pad: 'valid', side: 28 },
  { name: '3x3 same 4 -> 32 on 9x9 (rows of 9: two blocks of 5, the second overlapping the first)', filter: [3, 3, 4, 32], pad: 'same', side: 9 },
];

let mnist: MnistSample;
beforeAll(() => {
  mnist = readMnistSample(8);
});

/** `count` images of `side` x `side` x `channels` from MNIST digits (resampled by nearest neighbour, channels offset). */
function digits(count: number, side: number, channels: number): Float32Array {
  const out = new Float32Array(count * side * side * channels);
  for (let b = 0; b < count; b++)
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++)
        for (let c = 0; c < channels; c++) {
          const image = (b + c) % mnist.count;
          const sy = Math.floor((y * 28) / side);
          const sx = (Math.floor((x * 28) / side) + c) % 28;
          out[((b * side + y) * side + x) * channels + c] = mnist.images[image * 784 + sy * 28 + sx];
        }
  return out;
}

function padding(c: Case): { dims: NativeDims; out: number } {
  const [fh, fw, inC, outC] = c.filter;
  if (c.pad === 'valid') return { dims: [4, c.side, c.side, inC, fh, fw, outC, 0, 0, 0, 0], out: c.side - fh + 1 };
  if (c.pad === 'full') return { dims: [4, c.side, c.side, inC, fh, fw, outC, fh - 1, fh - 1, fw - 1, fw - 1], out: c.side + fh - 1 };
  // TensorFlow's 'same' puts the odd padding row/column below and to the right.
  const top = Math.floor((fh - 1) / 2);
  const left = Math.floor((fw - 1) / 2);
  return { dims: [4, c.side, c.side, inC, fh, fw, outC, top, fh - 1 - top, left, fw - 1 - left], out: c.side };
}

const BATCH = 4;

describe.skipIf(!kernels)(`the native conv kernels${kernels ? '' : ` (skipped: ${MISSING})`}`, () => {
  const native = kernels!;

  it('names the instructions they were built for, and the run record says so', () => {
    expect(native.instructionSet()).toMatch(/AVX|NEON|generic/);
    expect(nativeKernelsLabel()).toBe(`native conv kernels (${native.instructionSet()})`);
  });

  for (const c of CASES) {
    it(`computes conv + bias + ReLU and the filter gradient as the cpu backend does: ${c.name}`, async () => {
      const [fh, fw, inC, outC] = c.filter;
      const { dims, out } = padding(c);
      const x = digits(BATCH, c.side, inC);
      const w = fixedRandom(fh * fw * inC * outC, 3);
      const bias = fixedRandom(outC, 5);
      const dy = fixedRandom(BATCH * out * out * outC, 9);
      const pad: 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]] =
        c.pad === 'full' ? [[0, 0], [fh - 1, fh - 1], [fw - 1, fw - 1], [0, 0]] : c.pad;
      const [reference, referenceRelu, referenceDw] = await valuesOn('cpu', (tf: Tf) => {
        const xs = tf.tensor4d(x, [BATCH, c.side, c.side, inC]);
        const filter = tf.tensor4d(w, c.filter);
        const sum = tf.add(tf.conv2d(xs, filter, 1, pad), tf.tensor1d(bias));
        const upstream = tf.tensor4d(dy, [BATCH, out, out, outC]);
        const dw = tf.grad((weights: tfjs.Tensor) => tf.sum(tf.mul(tf.conv2d(xs, weights as tfjs.Tensor4D, 1, pad), upstream)))(filter);
        return [sum, tf.relu(sum), dw];
      });
      const y = new Float32Array(BATCH * out * out * outC);
      expect(native.conv2d(dims, x, w, bias, false, y)).toBe(true);
      expect(maxAbs(reference)).toBeGreaterThan(0.1);
      expect(maxAbsDiff(y, reference)).toBeLessThan(1e-5 * Math.max(1, maxAbs(reference)));
      expect(native.conv2d(dims, x, w, bias, true, y)).toBe(true);
      expect(maxAbsDiff(y, referenceRelu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(reference)));
      const dw = new Float32Array(w.length).fill(Number.NaN); // every value must be written
      expect(native.conv2dFilterGradient(dims, x, dy, dw)).toBe(true);
      expect(maxAbs(referenceDw)).toBeGreaterThan(0.1);
      expect(maxAbsDiff(dw, referenceDw)).toBeLessThan(1e-5 * Math.max(1, maxAbs(referenceDw)));
    });
  }

  it('refuses arguments that do not fit, writing nothing', () => {
    const dims: NativeDims = [1, 4, 4, 1, 3, 3, 16, 1, 1, 1, 1];
    const x = new Float32Array(16);
    const w = new Float32Array(9 * 16);
    const y = new Float32Array(16 * 16).fill(7);
    expect(native.conv2d([1, 4, 4, 1, 3, 3, 8, 1, 1, 1, 1], x, w, null, false, y)).toBe(false); // 8 channels: not a whole vector
    expect(native.conv2d(dims, x, w, null, false, y.subarray(1))).toBe(false); // output one short
    expect(native.conv2d(dims, x, w, new Float32Array(15), false, y)).toBe(false); // bias of the wrong size
    expect(native.conv2d([1, 4, 4, 1, 3, 3, 16, -1, 1, 1, 1], x, w, null, false, y)).toBe(false);
    expect(native.conv2dFilterGradient(dims, x, y, w.subarray(1))).toBe(false);
    expect(y.every((v) => v === 7)).toBe(true);
  });

  it.each([16, 19, 5])('routes the 2x2 max pool gradient exactly as the JavaScript loop does (%i channels): ties, NaN, -Infinity and a cut-off last row', (c) => {
    const [n, h, w] = [3, 7, 6];
    const g = { batch: n, inHeight: h, inWidth: w, inChannels: c, outHeight: 3, outWidth: 3, filterHeight: 2, filterWidth: 2, strideHeight: 2, strideWidth: 2, padTop: 0, padLeft: 0 };
    // Few distinct values, so windows hold ties; some NaN and -Infinity.
    const x = Float32Array.from(fixedRandom(n * h * w * c, 23), (v, i) => (i % 37 === 0 ? Number.NaN : i % 41 === 0 ? -Infinity : Math.round(v * 3)));
    const dy = fixedRandom(n * 3 * 3 * c, 29);
    const expected = new Float32Array(x.length);
    maxPool2x2Backprop(x, dy, g, expected);
    const dx = new Float32Array(x.length).fill(Number.NaN);
    expect(native.maxPool2x2Gradient([n, h, w, c, 3, 3], x, dy, dx)).toBe(true);
    expect(Array.from(dx)).toEqual(Array.from(expected));
    expect(native.maxPool2x2Gradient([n, h, w, c, 4, 3], x, dy, dx)).toBe(false); // windows past the last row
  });

  it('sums leading axes to the same bits as the JavaScript loop, and refuses sizes that do not divide', () => {
    const x = Float32Array.from(fixedRandom(64 * 7 * 7 * 64, 37), (v) => v * 1000);
    for (const [inner, scale] of [[64, 1], [64, 1 / (64 * 49)], [7 * 7 * 64, 0.5], [1, 1]] as const) {
      const expected = new Float32Array(inner);
      reduceLeading(x, x.length / inner, inner, scale, expected);
      const out = new Float32Array(inner);
      expect(native.reduceLeading(x, inner, scale, out)).toBe(true);
      expect(Array.from(out)).toEqual(Array.from(expected));
    }
    expect(native.reduceLeading(x.subarray(1), 64, 1, new Float32Array(64))).toBe(false);
  });

  it('adds, subtracts and multiplies a per-channel vector either way round as the cpu backend does', async () => {
    const x = digits(BATCH, 14, 32);
    const v = fixedRandom(32, 41);
    const compute = (tf: Tf): tfjs.Tensor[] => {
      const xs = tf.tensor4d(x, [BATCH, 14, 14, 32]);
      const vs = tf.tensor1d(v);
      const lifted = tf.tensor4d(v, [1, 1, 1, 32]);
      return [tf.add(xs, vs), tf.add(vs, xs), tf.sub(xs, vs), tf.sub(vs, xs), tf.mul(xs, lifted), tf.mul(lifted, xs), tf.sub(tf.tensor2d(x.subarray(0, 64), [2, 32]), vs)];
    };
    const onWasm = await valuesOn('wasm', compute);
    const onCpu = await valuesOn('cpu', compute);
    onCpu.forEach((reference, i) => expect(Array.from(onWasm[i])).toEqual(Array.from(reference)));
    expect(native.broadcastLastAxis(4, x, v, new Float32Array(x.length))).toBe(false); // no such operation
    expect(native.broadcastLastAxis(0, x, v.subarray(1), new Float32Array(x.length))).toBe(false); // 31 does not divide
  });

  it("computes ReLU's gradient as the cpu backend does (dy * step(y)), NaN included, and refuses sizes that differ", async () => {
    const y = Float32Array.from(fixedRandom(1000, 41), (v, i) => (i % 97 === 0 ? Number.NaN : Math.max(0, v)));
    const dy = Float32Array.from(fixedRandom(1000, 43), (v, i) => (i % 89 === 0 ? Infinity : v));
    const [expected] = await valuesOn('cpu', (tf: Tf) => [tf.mul(tf.tensor1d(dy), tf.step(tf.tensor1d(y)))]);
    const dx = new Float32Array(1000);
    expect(native.reluGradient!(y, dy, dx)).toBe(true);
    expect(Array.from(dx)).toEqual(Array.from(expected));
    expect(dx.some(Number.isNaN) && dx.some((v) => v === 0) && dx.some((v) => v < 0)).toBe(true);
    expect(native.reluGradient!(y, dy.subarray(1), dx)).toBe(false);
  });

  it('keeps NaN through ReLU, so a diverging run still shows it', () => {
    const x = new Float32Array([Number.NaN]);
    const y = new Float32Array(16);
    expect(native.conv2d([1, 1, 1, 1, 1, 1, 16, 0, 0, 0, 0], x, new Float32Array(16).fill(1), null, true, y)).toBe(true);
    expect(y.every(Number.isNaN)).toBe(true);
  });

  it('trains through the wasm backend with the gradients the cpu backend computes (fused conv, ReLU, both gradients)', async () => {
    const x = digits(BATCH, 14, 16);
    const w = fixedRandom(3 * 3 * 16 * 32, 13);
    const bias = fixedRandom(32, 17);
    const r = fixedRandom(BATCH * 14 * 14 * 32, 19);
    const compute = (tf: Tf): tfjs.Tensor[] => {
      const xs = tf.tensor4d(x, [BATCH, 14, 14, 16]);
      const loss = (input: tfjs.Tensor, filter: tfjs.Tensor, b: tfjs.Tensor): tfjs.Scalar =>
        tf.sum(tf.mul(tf.fused.conv2d({ x: input as tfjs.Tensor4D, filter: filter as tfjs.Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' }), tf.tensor4d(r, [BATCH, 14, 14, 32])));
      const grads = tf.grads((input, filter, b) => loss(input, filter, b))([xs, tf.tensor4d(w, [3, 3, 16, 32]), tf.tensor1d(bias)]);
      return [loss(xs, tf.tensor4d(w, [3, 3, 16, 32]), tf.tensor1d(bias)), ...grads];
    };
    await expectWasmMatchesCpu(compute);
  });
});

describe('the native conv kernels under CI', () => {
  // `npm ci` builds them on the CI machine (it has a C compiler): there, a missing build is a failure.
  it.skipIf(process.env.CI !== 'true')(`were built by npm ci${process.env.CI === 'true' ? '' : ' (skipped: only checked under CI=true)'}`, () => {
    if (!kernels) throw new Error(`npm ci should have built main/training/kernels/native, but ${MISSING.split(';')[0]}.`);
    expect(kernels.instructionSet()).not.toBe('');
  });
});
