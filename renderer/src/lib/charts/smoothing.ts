/**
 * Curve smoothing for noisy per-batch metrics. Non-finite values (a diverging run) pass through
 * unchanged and do not poison the values after them.
 */
import type { NumberArray } from '../../components/charts/types';

export type Smoothing =
  | { kind: 'none' }
  /** weight in [0, 1): 0 is no smoothing, 0.99 is very smooth (TensorBoard's slider). */
  | { kind: 'ema'; weight: number }
  /** Trailing moving average over `window` points (1 is no smoothing). */
  | { kind: 'movingAverage'; window: number };

export type SmoothingKind = Smoothing['kind'];

export const NO_SMOOTHING: Smoothing = { kind: 'none' };

/**
 * Exponential moving average, debiased as TensorBoard does it: the plain EMA starts at 0 and
 * so lags towards 0 early on; dividing by (1 - weight^n) removes that start-up bias, so the
 * first smoothed value equals the first raw value.
 */
export function emaDebiased(values: NumberArray, weight: number): Float64Array {
  const w = Math.min(Math.max(weight, 0), 0.999999);
  const out = new Float64Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    out[i] = last / (1 - Math.pow(w, count));
  }
  return out;
}

/**
 * Trailing moving average: each point is the mean of itself and up to window-1 finite values
 * before it (fewer at the start, so the curve begins where the data begins).
 */
export function movingAverage(values: NumberArray, window: number): Float64Array {
  const size = Math.max(1, Math.floor(window));
  const out = new Float64Array(values.length);
  // The finite values currently in the window, in a ring, and their running sum.
  const ring = new Float64Array(size);
  let head = 0;
  let filled = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    if (filled === size) sum -= ring[head];
    else filled++;
    ring[head] = v;
    head = (head + 1) % size;
    sum += v;
    out[i] = sum / filled;
  }
  return out;
}

export function smooth(values: NumberArray, smoothing: Smoothing): NumberArray {
  switch (smoothing.kind) {
    case 'none':
      return values;
    case 'ema':
      return smoothing.weight > 0 ? emaDebiased(values, smoothing.weight) : values;
    case 'movingAverage':
      return smoothing.window > 1 ? movingAverage(values, smoothing.window) : values;
  }
}
