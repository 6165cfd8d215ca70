import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { swapLastTwoAxes } from '../../../../main/training/kernels/batchMatMul';
import { fixedRandom, maxAbs, maxAbsDiff, valuesOn } from './compare';

type Tf = typeof tfjs;

describe('swapLastTwoAxes', () => {
  it('swaps only the last two axes', () => {
    expect(swapLastTwoAxes(2)).toEqual([1, 0]);
    expect(swapLastTwoAxes(4)).toEqual([0, 1, 3, 2]);
  });

  it('refuses vectors', () => {
    expect(() => swapLastTwoAxes(1)).toThrow(/rank 2 or more/);
  });
});

interface ProductCase {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const CASES: ProductCase[] = [
  // The dense-layer gradient products of the std preset (1600 -> 128) at batch 32.
  { a: [32, 128], b: [1600, 128], transposeA: false, transposeB: true },
  { a: [32, 1600], b: [32, 128], transposeA: true, transposeB: false },
  { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { a: [2, 6, 4], b: [2, 5, 6], transposeA: true, transposeB: true },
  { a: [3, 4, 6], b: [1, 5, 6], transposeA: false, transposeB: true }, // broadcast batch
  { a: [9, 4], b: [4, 3], transposeA: false, transposeB: false },
];

const product = (tf: Tf, c: ProductCase): tfjs.Tensor[] => {
  const size = (shape: number[]): number => shape.reduce((x, y) => x * y, 1);
  return tf.tidy(() => [tf.matMul(tf.tensor(fixedRandom(size(c.a), 1), c.a), tf.tensor(fixedRandom(size(c.b), 2), c.b), c.transposeA, c.transposeB)]);
};

describe('BatchMatMul on wasm', () => {
  for (const c of CASES) {
    it(`matches the cpu backend for [${c.a}]${c.transposeA ? 'ᵀ' : ''} x [${c.b}]${c.transposeB ? 'ᵀ' : ''}`, async () => {
      const [wasm] = await valuesOn('wasm', (tf) => product(tf, c));
      const [cpu] = await valuesOn('cpu', (tf) => product(tf, c));
      expect(wasm.length).toBe(cpu.length);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu)));
    });
  }
});
