/**
 * Runs the same computation on the wasm backend (with the project's kernels, as loadTf sets it up)
 * and on the reference cpu backend, and measures how far apart the results are.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { loadTf } from '../../../../main/training/backends';

type Tf = typeof tfjs;

/** Runs `compute` with `backend` active and returns its tensors' values as plain arrays. */
export async function valuesOn(backend: 'wasm' | 'cpu', compute: (tf: Tf) => tfjs.Tensor[]): Promise<Float32Array[]> {
  const { tf } = await loadTf(backend);
  const tensors = compute(tf);
  try {
    return tensors.map((t) => Float32Array.from(t.dataSync()));
  } finally {
    tf.dispose(tensors);
  }
}

export const maxAbs = (values: ArrayLike<number>): number => Array.from(values).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Cannot compare ${a.length} values with ${b.length}.`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = d; // NaN sticks
  }
  return worst;
}

/** Deterministic pseudo-random values in [-1, 1), so both backends see identical inputs. */
export function fixedRandom(count: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: count }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 2 ** 32) * 2 - 1;
  });
}

/**
 * Runs `compute` (a loss and its gradients, say) on wasm and on cpu, and expects every result to be
 * far from zero and the same on both within `tolerance` of its largest value.
 */
export async function expectWasmMatchesCpu(compute: (tf: Tf) => tfjs.Tensor[], tolerance = 1e-4): Promise<void> {
  const onWasm = await valuesOn('wasm', compute);
  const onCpu = await valuesOn('cpu', compute);
  onCpu.forEach((reference, i) => {
    expect(maxAbs(reference)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(onWasm[i], reference)).toBeLessThan(tolerance * Math.max(1, maxAbs(reference)));
  });
}
