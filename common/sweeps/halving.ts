/**
 * Asynchronous successive halving (ASHA, Li et al. 2020), which fits a queue that trains trials
 * one after another: a trial that reaches a rung continues only while it is among the best
 * 1/reduction of the trials that have reached that rung so far. The first trial at a rung always
 * continues, so nothing is pruned for want of company.
 */

/** Epochs at which trials are compared: minEpochs, minEpochs x reduction, ..., below the last epoch. */
export function rungEpochs(minEpochs: number, reduction: number, epochs: number): number[] {
  const rungs: number[] = [];
  for (let e = minEpochs; e < epochs; e *= reduction) rungs.push(e);
  return rungs;
}

/**
 * Whether a trial whose metric at a rung is `value` should stop there, given the values of the
 * trials that reached the rung before it (higher is better).
 */
export function prunedAtRung(value: number, earlier: readonly number[], reduction: number): boolean {
  if (!Number.isFinite(value)) return earlier.length > 0;
  const all = [...earlier.filter(Number.isFinite), value].sort((a, b) => b - a);
  const keep = Math.max(1, Math.floor(all.length / reduction));
  return value < all[keep - 1];
}
