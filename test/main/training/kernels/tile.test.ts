import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { tileInto } from '../../../../main/training/kernels/tile';
import { fixedRandom, maxAbsDiff, valuesOn } from './compare';

type Tf = typeof tfjs;

describe('tileInto', () => {
  it('repeats along every axis', () => {
    const out = new Float32Array(12);
    tileInto(Float32Array.of(1, 2, 3, 4), [2, 2], [1, 3], out);
    expect(Array.from(out)).toEqual([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
    const rows = new Float32Array(12);
    tileInto(Float32Array.of(1, 2, 3), [1, 3], [4, 1], rows);
    expect(Array.from(rows)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('tiles a per-channel vector over batch, height and width, as batch norm\'s gradient does', () => {
    const out = new Int32Array(2 * 3 * 2 * 2);
    tileInto(Int32Array.of(7, 9), [1, 1, 1, 2], [2, 3, 2, 1], out);
    expect(Array.from(out)).toEqual(new Array(12).fill([7, 9]).flat());
  });

  it('refuses mismatched sizes', () => {
    expect(() => tileInto(new Float32Array(3), [3], [2, 2], new Float32Array(12))).toThrow(/one repetition count per axis/);
    expect(() => tileInto(new Float32Array(3), [3], [2], new Float32Array(5))).toThrow(/do not match/);
  });
});

const CASES: { shape: number[]; reps: number[]; dtype: 'float32' | 'int32' | 'bool' }[] = [
  { shape: [1, 1, 1, 16], reps: [8, 28, 28, 1], dtype: 'float32' },
  { shape: [3, 1, 2], reps: [2, 5, 3], dtype: 'float32' },
  { shape: [4], reps: [3], dtype: 'int32' },
  { shape: [2, 3], reps: [1, 1], dtype: 'float32' },
  { shape: [2, 2], reps: [3, 2], dtype: 'bool' },
  { shape: [2, 0, 3], reps: [2, 2, 2], dtype: 'float32' },
];

function tile(tf: Tf, c: (typeof CASES)[number]): tfjs.Tensor[] {
  return tf.tidy(() => {
    const size = c.shape.reduce((a, b) => a * b, 1);
    const values = fixedRandom(size, 5);
    const x =
      c.dtype === 'float32'
        ? tf.tensor(values, c.shape)
        : c.dtype === 'bool'
          ? tf.tensor(Array.from(values, (v) => v > 0), c.shape, 'bool')
          : tf.tensor(Int32Array.from(values, (v) => Math.round(v * 50)), c.shape, 'int32');
    const out = tf.tile(x, c.reps);
    return [tf.cast(out, 'float32'), tf.tensor1d(out.shape)];
  });
}

describe('Tile on wasm', () => {
  for (const c of CASES) {
    it(`matches the cpu backend: [${c.shape}] x [${c.reps}] (${c.dtype})`, async () => {
      const [wasm, wasmShape] = await valuesOn('wasm', (tf) => tile(tf, c));
      const [cpu, cpuShape] = await valuesOn('cpu', (tf) => tile(tf, c));
      expect(Array.from(wasmShape)).toEqual(Array.from(cpuShape));
      expect(maxAbsDiff(wasm, cpu)).toBe(0);
    });
  }
});
