/**
 * A group's curve: at each x (epoch or step) the mean of the runs that have a point there, with
 * their standard deviation, lowest and highest value. Runs of different lengths (one stopped
 * early) leave later points averaged over fewer runs; `count` says how many, so the screen can.
 */

/** One run's curve: x ascending (as recorded, in step order), y the same length. */
export interface RunCurve {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface GroupCurve {
  x: Float64Array;
  mean: Float64Array;
  /** Sample standard deviation (n - 1), as the results table gives it; 0 where one run has the point. */
  std: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** How many runs have a finite value at each x. */
  count: Uint32Array;
  /** How many runs the group has. */
  runs: number;
}

export type BandKind = 'minMax' | 'std';

export const BAND_LABELS: Record<BandKind, string> = {
  minMax: 'Lowest to highest',
  std: 'Mean ± standard deviation',
};

/** Finite x values of all curves, ascending, each once. */
function unionX(curves: readonly RunCurve[]): Float64Array {
  const all: number[] = [];
  for (const c of curves) for (let i = 0; i < c.x.length; i++) if (Number.isFinite(c.x[i])) all.push(c.x[i]);
  all.sort((a, b) => a - b);
  return Float64Array.from(all.filter((v, i) => i === 0 || v !== all[i - 1]));
}

/**
 * Calls `visit(u, y)` for each point of a curve at its index `u` in the union. Curves come with
 * ascending x (recorded in step order), so one forward walk finds them all; a repeated x keeps
 * the curve's last value, as the chart's alignment does.
 */
function forEachAligned(curve: RunCurve, xs: Float64Array, visit: (u: number, y: number) => void): void {
  let u = 0;
  let pendingU = -1;
  let pendingY = NaN;
  for (let k = 0; k < curve.x.length; k++) {
    const x = curve.x[k];
    if (!Number.isFinite(x)) continue;
    while (u < xs.length && xs[u] < x) u++;
    if (u !== pendingU && pendingU >= 0 && Number.isFinite(pendingY)) visit(pendingU, pendingY);
    pendingU = u;
    pendingY = curve.y[k];
  }
  if (pendingU >= 0 && Number.isFinite(pendingY)) visit(pendingU, pendingY);
}

export function groupCurve(curves: readonly RunCurve[]): GroupCurve {
  const x = unionX(curves);
  const n = x.length;
  const sum = new Float64Array(n);
  const count = new Uint32Array(n);
  const min = new Float64Array(n).fill(Infinity);
  const max = new Float64Array(n).fill(-Infinity);
  for (const curve of curves) {
    forEachAligned(curve, x, (u, y) => {
      sum[u] += y;
      count[u]++;
      if (y < min[u]) min[u] = y;
      if (y > max[u]) max[u] = y;
    });
  }
  const mean = new Float64Array(n);
  for (let u = 0; u < n; u++) mean[u] = count[u] > 0 ? sum[u] / count[u] : NaN;
  // Deviations in a second pass, from the mean: steadier than summing squares.
  const squares = new Float64Array(n);
  for (const curve of curves) forEachAligned(curve, x, (u, y) => (squares[u] += (y - mean[u]) ** 2));
  const std = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    std[u] = count[u] > 1 ? Math.sqrt(squares[u] / (count[u] - 1)) : count[u] === 1 ? 0 : NaN;
    if (count[u] === 0) min[u] = max[u] = NaN;
  }
  return { x, mean, std, min, max, count, runs: curves.length };
}

/** The band's lower and upper edges. */
export function bandEdges(curve: GroupCurve, kind: BandKind): { lower: Float64Array; upper: Float64Array } {
  if (kind === 'minMax') return { lower: curve.min, upper: curve.max };
  return { lower: curve.mean.map((m, i) => m - curve.std[i]), upper: curve.mean.map((m, i) => m + curve.std[i]) };
}

/** Whether some points are averaged over fewer runs than the group has. */
export function unevenLengths(curve: GroupCurve): boolean {
  return curve.count.some((c) => c > 0 && c < curve.runs);
}
