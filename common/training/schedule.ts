/** Learning-rate schedules, evaluated per optimisation step so the trainer and the charts agree. */
import type { Hyperparameters } from './hyperparameters';

/** One-cycle warms up over this share of the steps (fastai uses 0.25, PyTorch 0.3). */
export const ONE_CYCLE_WARMUP_SHARE = 0.25;
/** One-cycle starts at peak / 25 (PyTorch's div_factor)... */
export const ONE_CYCLE_START_DIVISOR = 25;
/** ...and anneals to peak / 10^4 by the last step. */
export const ONE_CYCLE_END_DIVISOR = 1e4;

/** Cosine interpolation from `from` (progress 0) to `to` (progress 1), as OneCycleLR's anneal_cos. */
function cosineBetween(from: number, to: number, progress: number): number {
  const clamped = Math.min(1, Math.max(0, progress));
  return to + ((from - to) * (1 + Math.cos(Math.PI * clamped))) / 2;
}

function oneCycle(peak: number, step: number, totalSteps: number): number {
  const start = peak / ONE_CYCLE_START_DIVISOR;
  const end = peak / ONE_CYCLE_END_DIVISOR;
  const warmSteps = Math.max(1, Math.round(ONE_CYCLE_WARMUP_SHARE * totalSteps));
  if (step < warmSteps) return cosineBetween(start, peak, step / warmSteps);
  // The last step (totalSteps - 1) lands exactly on `end`.
  const annealSteps = Math.max(1, totalSteps - 1 - warmSteps);
  return cosineBetween(peak, end, (step - warmSteps) / annealSteps);
}

/**
 * The rate for the 0-based optimisation step `step` of `totalSteps`.
 * - constant: learningRate throughout;
 * - step: learningRate * stepFactor^(floor(epoch / stepEvery)), epoch counted from 0;
 * - cosine: from learningRate down towards 0 over totalSteps;
 * - oneCycle: cosine warm-up from learningRate/25 to learningRate over the first 25% of steps,
 *   then cosine anneal to learningRate/1e4 at the last step.
 */
export function learningRateAt(h: Hyperparameters, step: number, totalSteps: number, stepsPerEpoch: number): number {
  const rate = h.learningRate;
  const safeStep = Math.max(0, step);
  switch (h.schedule) {
    case 'constant':
      return rate;
    case 'step': {
      const epoch = Math.floor(safeStep / Math.max(1, stepsPerEpoch));
      return rate * h.stepFactor ** Math.floor(epoch / Math.max(1, h.stepEvery));
    }
    case 'cosine':
      return totalSteps <= 0 ? rate : cosineBetween(rate, 0, safeStep / totalSteps);
    case 'oneCycle':
      return totalSteps <= 1 ? rate : oneCycle(rate, safeStep, totalSteps);
    default:
      return rate;
  }
}
