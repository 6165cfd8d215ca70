/**
 * The native matrix product (main/training/kernels/native/matmul.c), which dense layers' BatchMatMul
 * takes on the wasm backend: called directly against the cpu backend's tf.matMul on real MNIST
 * digits, and through the wasm backend as training uses it (a dense layer's loss and both
 * gradients). Skipped, saying why, where the native kernels did not build; the wasm product's own
 * tests (batchMatMul.test.ts) cover training there.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeProductDims } from '../../../../main/training/kernels/batchMatMul';
import { nativeKernels } from '../../../../main/training/kernels/native';
import type { TensorInfo } from '../../../../main/training/kernels/wasmHeap';
import { expectWasmMatchesCpu, fixedRandom, maxAbs, maxAbsDiff, valuesOn } from './compare';
import { readMnistSample, type MnistSample } from './mnist-sample';

type Tf = typeof tfjs;

const kernels = nativeKernels();
const MISSING = kernels
  ? 'this build of the native kernels predates matMul: run npm ci'
  : 'the native kernels did not build here (no C compiler, or Windows); dense layers use the wasm product, tested in batchMatMul.test.ts';

interface Product {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** A dense layer of 128 units on flattened digits at batch 64, its two gradient products, and the blocks' and tiles' edges. */
const PRODUCTS: Product[] = [
  { name: 'forward, x W', a: [64, 784], b: [784, 128], transposeA: false, transposeB: false },
  { name: 'input gradient, dy Wᵀ (784 columns)', a: [64, 128], b: [784, 128], transposeA: false, transposeB: true },
  { name: 'weight gradient, xᵀ dy (784 rows)', a: [64, 784], b: [64, 128], transposeA: true, transposeB: false },
  { name: '7 rows (fewer than a block) and 48 columns (two vectors, then one)', a: [7, 784], b: [784, 48], transposeA: false, transposeB: false },
  { name: '13 rows (a block of 8 with AVX-512 or 4 without, then the rest) and 80 columns', a: [13, 784], b: [784, 80], transposeA: false, transposeB: false },
  { name: 'a transposed right operand of 592 x 100 (the tiles of its copy cut at the edge of 100)', a: [9, 100], b: [592, 100], transposeA: false, transposeB: true },
  { name: 'a batch of 3, both transposed, 16 columns', a: [3, 784, 5], b: [3, 16, 784], transposeA: true, transposeB: true },
];

let mnist: MnistSample;
beforeAll(() => {
  mnist = readMnistSample(64);
});

const size = (shape: number[]): number => shape.reduce((x, y) => x * y, 1);

/** The left operand's values are MNIST digits (784 pixels each, in order); the right one's fixed noise. */
function operands(p: Product): { a: Float32Array; b: Float32Array } {
  const a = Float32Array.from({ length: size(p.a) }, (_, i) => mnist.images[i % mnist.images.length]);
  return { a, b: fixedRandom(size(p.b), 3) };
}

const info = (shape: number[]): TensorInfo => ({ shape, dtype: 'float32' }) as TensorInfo;

describe.skipIf(!kernels?.matMul)(`the native matrix product${kernels?.matMul ? '' : ` (skipped: ${MISSING})`}`, () => {
  const matMul = kernels?.matMul?.bind(kernels);

  for (const p of PRODUCTS) {
    it(`computes what the cpu backend does: ${p.name}`, async () => {
      const { a, b } = operands(p);
      const dims = nativeProductDims(info(p.a), info(p.b), p.transposeA, p.transposeB);
      expect(dims).not.toBeNull();
      const c = new Float32Array(dims![0] * dims![1] * dims![3]).fill(Number.NaN);
      expect(matMul!(dims!, a, b, c)).toBe(true);
      const [reference] = await valuesOn('cpu', (tf: Tf) => [tf.matMul(tf.tensor(a, p.a), tf.tensor(b, p.b), p.transposeA, p.transposeB)]);
      expect(maxAbs(reference)).toBeGreaterThan(1);
      expect(maxAbsDiff(c, reference)).toBeLessThan(1e-5 * maxAbs(reference));
    });
  }

  it('refuses arguments that do not fit, writing nothing', () => {
    const a = new Float32Array(4 * 8);
    const b = new Float32Array(8 * 16);
    const c = new Float32Array(4 * 16).fill(7);
    expect(matMul!([1, 4, 8, 8, 0, 0], a, b.subarray(0, 64), c.subarray(0, 32))).toBe(false); // 8 columns: not a whole vector
    expect(matMul!([1, 4, 8, 16, 0, 0], a, b, c.subarray(1))).toBe(false); // output one short
    expect(matMul!([2, 4, 8, 16, 0, 0], a, b, c)).toBe(false); // a batch of 2 in arrays for 1
    expect(matMul!([1, 0, 8, 16, 0, 0], a, b, c)).toBe(false);
    expect(c.every((v) => v === 7)).toBe(true);
  });

  it('trains a dense layer through the wasm backend with the loss and gradients the cpu backend computes', async () => {
    const count = 64;
    const w = fixedRandom(784 * 128, 5).map((v) => v * 0.05);
    const bias = fixedRandom(128, 7);
    const r = fixedRandom(count * 128, 11);
    const compute = (tf: Tf): tfjs.Tensor[] => {
      const x = tf.tensor2d(mnist.images.subarray(0, count * 784), [count, 784]);
      const loss = (input: tfjs.Tensor, weights: tfjs.Tensor, b: tfjs.Tensor): tfjs.Scalar =>
        tf.sum(tf.mul(tf.relu(tf.add(tf.matMul(input, weights), b)), tf.tensor2d(r, [count, 128])));
      const grads = tf.grads((input, weights, b) => loss(input, weights, b))([x, tf.tensor2d(w, [784, 128]), tf.tensor1d(bias)]);
      return [loss(x, tf.tensor2d(w, [784, 128]), tf.tensor1d(bias)), ...grads];
    };
    await expectWasmMatchesCpu(compute);
  });
});

describe('which products go to the native kernels', () => {
  it('takes same-batch float32 products with whole vectors of columns, and nothing else', () => {
    expect(nativeProductDims(info([64, 1600]), info([1600, 128]), false, false)).toEqual([1, 64, 1600, 128, 0, 0]);
    expect(nativeProductDims(info([64, 128]), info([1600, 128]), false, true)).toEqual([1, 64, 128, 1600, 0, 1]);
    expect(nativeProductDims(info([64, 1600]), info([64, 128]), true, false)).toEqual([1, 1600, 64, 128, 1, 0]);
    expect(nativeProductDims(info([2, 3, 4, 5]), info([2, 3, 5, 32]), false, false)).toEqual([6, 4, 5, 32, 0, 0]);
    expect(nativeProductDims(info([64, 1600]), info([1600, 10]), false, false)).toBeNull(); // 10 columns
    expect(nativeProductDims(info([3, 4, 6]), info([1, 6, 16]), false, false)).toBeNull(); // a broadcast batch
    expect(nativeProductDims(info([4, 6]), info([5, 16]), false, false)).toBeNull(); // inner sizes differ
    expect(nativeProductDims({ shape: [4, 6], dtype: 'int32' } as TensorInfo, info([6, 16]), false, false)).toBeNull();
  });
});
