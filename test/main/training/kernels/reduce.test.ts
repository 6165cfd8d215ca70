import fc from 'fast-check';
import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { leadingAxesCount, reduceLeading } from '../../../../main/training/kernels/reduce';
import { fixedRandom, maxAbs, maxAbsDiff, valuesOn } from './compare';

type Tf = typeof tfjs;

describe('leadingAxesCount', () => {
  it('recognises the first k axes in any order, negatives included', () => {
    expect(leadingAxesCount([0, 1, 2], 4)).toBe(3);
    expect(leadingAxesCount([2, 0, 1], 4)).toBe(3);
    expect(leadingAxesCount([-4, -3], 4)).toBe(2);
    expect(leadingAxesCount([0, 1, 2, 3], 4)).toBe(4);
  });

  it('refuses anything else', () => {
    expect(leadingAxesCount([1, 2], 4)).toBeNull();
    expect(leadingAxesCount([0, 2], 4)).toBeNull();
    expect(leadingAxesCount([3], 4)).toBeNull();
    expect(leadingAxesCount([], 4)).toBeNull();
  });
});

describe('reduceLeading', () => {
  it('sums each column over the rows, times the scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 21 }), fc.double({ min: 0.01, max: 2, noNaN: true }), (outer, inner, scale) => {
        const x = fixedRandom(outer * inner, outer * 31 + inner);
        const out = new Float32Array(inner);
        reduceLeading(x, outer, inner, scale, out);
        for (let j = 0; j < inner; j++) {
          let sum = 0;
          for (let i = 0; i < outer; i++) sum += x[i * inner + j];
          expect(out[j]).toBeCloseTo(sum * scale, 5);
        }
      }),
    );
  });

  it('refuses buffers that do not match', () => {
    expect(() => reduceLeading(new Float32Array(6), 2, 4, 1, new Float32Array(4))).toThrow(/do not match/);
  });
});

interface ReduceCase {
  op: 'sum' | 'mean';
  shape: number[];
  axes: number | number[];
  keepDims?: boolean;
  dtype?: 'float32' | 'int32';
}

const CASES: ReduceCase[] = [
  { op: 'sum', shape: [16, 26, 26, 32], axes: [0, 1, 2] }, // a conv bias gradient
  { op: 'sum', shape: [128, 1600], axes: 0 }, // a dense bias gradient
  { op: 'mean', shape: [16, 28, 28, 16], axes: [0, 1, 2], keepDims: true }, // batch-norm moments
  { op: 'mean', shape: [5, 7, 3], axes: [-3, -2] },
  { op: 'sum', shape: [4, 5, 6], axes: [0, 1, 2] },
  { op: 'sum', shape: [4, 5, 6], axes: [1, 2] }, // not leading: stock kernel
  { op: 'mean', shape: [4, 5, 6], axes: 2, keepDims: true }, // not leading: stock kernel
  { op: 'sum', shape: [6, 5], axes: 0, dtype: 'int32' }, // int32: stock kernel
];

function reduce(tf: Tf, c: ReduceCase): tfjs.Tensor[] {
  return tf.tidy(() => {
    const size = c.shape.reduce((a, b) => a * b, 1);
    const values = c.dtype === 'int32' ? Int32Array.from(fixedRandom(size, 3), (v) => Math.round(v * 100)) : fixedRandom(size, 3);
    const x = tf.tensor(values, c.shape, c.dtype ?? 'float32');
    const out = c.op === 'sum' ? tf.sum(x, c.axes, c.keepDims) : tf.mean(x, c.axes, c.keepDims);
    return [out, tf.tensor1d(out.shape)];
  });
}

describe('Sum and Mean on wasm', () => {
  for (const c of CASES) {
    it(`match the cpu backend: ${c.op} of [${c.shape}] over ${JSON.stringify(c.axes)}${c.keepDims ? ' keeping dims' : ''}${c.dtype ? ` (${c.dtype})` : ''}`, async () => {
      const [wasm, wasmShape] = await valuesOn('wasm', (tf) => reduce(tf, c));
      const [cpu, cpuShape] = await valuesOn('cpu', (tf) => reduce(tf, c));
      expect(Array.from(wasmShape)).toEqual(Array.from(cpuShape));
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu)));
    });
  }
});
