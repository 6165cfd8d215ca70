/**
 * Fewer points for drawing a long curve without changing what is drawn: the x range is cut into
 * buckets (one per pixel column of the chart) and each bucket keeps only its lowest and highest
 * value, in the order they came. A line through those is, at that resolution, the line through
 * every point: the same vertical extent in every pixel column, the same spikes.
 *
 * Every downsampled curve puts its points at the same few x positions per bucket (a quarter,
 * half and three quarters across), so curves cut on one grid share their x values and a chart
 * that merges x values across curves stays small.
 */

export type Numbers = ArrayLike<number>;

export interface BucketGrid {
  /** The x range shared by the curves drawn together. */
  min: number;
  max: number;
  /** About one per pixel column. */
  buckets: number;
}

export interface Curve {
  x: Float64Array;
  y: Float64Array;
}

/** The finite x range of several curves, cut into `buckets`; null when no curve has a finite x. */
export function gridFor(xs: readonly Numbers[], buckets: number): BucketGrid | null {
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  return { min, max, buckets: Math.max(1, Math.floor(buckets)) };
}

/** Whether a curve of `points` points is worth cutting down on `grid`: more than two a bucket. */
export function worthDownsampling(points: number, grid: BucketGrid): boolean {
  return points > 2 * grid.buckets;
}

/** The bucket of an x value on a grid (values outside go to the end buckets). */
function bucketIndexer(grid: BucketGrid): (x: number) => number {
  const width = (grid.max - grid.min) / grid.buckets;
  return (v) => (width > 0 ? Math.min(grid.buckets - 1, Math.max(0, Math.floor((v - grid.min) / width))) : 0);
}

/**
 * Min/max per bucket. Points with a non-finite x are dropped. A non-finite y (a run that
 * diverged) is kept, in its place among the bucket's extremes, so the line still breaks there.
 * A bucket holding one point keeps it at the bucket's middle.
 */
export function minMaxPerBucket(x: Numbers, y: Numbers, grid: BucketGrid): Curve {
  const { min, buckets } = grid;
  const width = (grid.max - min) / buckets;
  const bucketOf = bucketIndexer(grid);
  // Per bucket: index of the lowest, highest and first non-finite value (-1 for none).
  const low = new Int32Array(buckets).fill(-1);
  const high = new Int32Array(buckets).fill(-1);
  const broken = new Int32Array(buckets).fill(-1);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) continue;
    const b = bucketOf(x[i]);
    const v = y[i];
    if (!Number.isFinite(v)) {
      if (broken[b] === -1) broken[b] = i;
      continue;
    }
    if (low[b] === -1 || v < y[low[b]]) low[b] = i;
    if (high[b] === -1 || v > y[high[b]]) high[b] = i;
  }
  const outX = new Float64Array(3 * buckets);
  const outY = new Float64Array(3 * buckets);
  const picks = new Int32Array(3);
  let n = 0;
  for (let b = 0; b < buckets; b++) {
    let count = insertPick(picks, 0, low[b]);
    count = insertPick(picks, count, high[b]);
    count = insertPick(picks, count, broken[b]);
    const left = min + b * width;
    for (let k = 0; k < count; k++) {
      // One point: the middle; two: a quarter and three quarters across; three: all three.
      const at = count === 1 ? 0.5 : count === 2 ? 0.25 + 0.5 * k : 0.25 * (k + 1);
      outX[n] = left + at * width;
      outY[n] = y[picks[k]];
      n++;
    }
  }
  return { x: outX.slice(0, n), y: outY.slice(0, n) };
}

/** Adds a point index to the first `count` picks, kept in ascending order without repeats. */
function insertPick(picks: Int32Array, count: number, index: number): number {
  if (index === -1) return count;
  let at = count;
  for (let k = 0; k < count; k++) {
    if (picks[k] === index) return count;
    if (picks[k] > index) {
      at = k;
      break;
    }
  }
  for (let k = count; k > at; k--) picks[k] = picks[k - 1];
  picks[at] = index;
  return count + 1;
}

export interface Band {
  x: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * A shaded band (a group's spread) cut to one point per bucket, at the bucket's middle: the
 * lowest lower edge and the highest upper edge in it, so the band covers what it covered.
 * Both edges share their x values, which a fill between them needs.
 */
export function bandPerBucket(x: Numbers, lower: Numbers, upper: Numbers, grid: BucketGrid): Band {
  const bucketOf = bucketIndexer(grid);
  const low = new Float64Array(grid.buckets).fill(Infinity);
  const high = new Float64Array(grid.buckets).fill(-Infinity);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(lower[i]) || !Number.isFinite(upper[i])) continue;
    const b = bucketOf(x[i]);
    if (lower[i] < low[b]) low[b] = lower[i];
    if (upper[i] > high[b]) high[b] = upper[i];
  }
  const width = (grid.max - grid.min) / grid.buckets;
  const kept: number[] = [];
  for (let b = 0; b < grid.buckets; b++) if (low[b] !== Infinity) kept.push(b);
  return {
    x: Float64Array.from(kept, (b) => grid.min + (b + 0.5) * width),
    lower: Float64Array.from(kept, (b) => low[b]),
    upper: Float64Array.from(kept, (b) => high[b]),
  };
}
