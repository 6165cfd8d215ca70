/**
 * uPlot draws series that share one x array. Runs are recorded at different steps and times,
 * so their x values are merged into one sorted union and each series is spread onto it.
 */
import type { ChartSeries, NumberArray } from '../../components/charts/types';

/**
 * y values per union x: a number, `undefined` where the series has no point (uPlot joins the
 * line across it) or `null` where the recorded value was not finite (uPlot breaks the line).
 */
export type AlignedColumn = (number | null | undefined)[];
export type AlignedChartData = [Float64Array, ...AlignedColumn[]];

function isAscending(values: NumberArray): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i] >= values[i - 1])) return false;
  return true;
}

function sameValues(a: NumberArray, b: NumberArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Finite x values of all series, sorted, each once. */
export function unionOfX(series: readonly ChartSeries[]): Float64Array {
  // Common case: every run recorded at the same x values (same epochs, same steps).
  const shared = series.length > 0 && series.every((s) => sameValues(s.x, series[0].x)) && isAscending(series[0].x);
  const sources = shared ? series.slice(0, 1) : series;
  let total = 0;
  for (const s of sources) total += s.x.length;
  const all = new Float64Array(total);
  let count = 0;
  for (const s of sources) {
    for (let i = 0; i < s.x.length; i++) if (Number.isFinite(s.x[i])) all[count++] = s.x[i];
  }
  const finite = all.subarray(0, count);
  if (!shared) finite.sort();
  return dedupeSorted(finite);
}

function dedupeSorted(sorted: Float64Array): Float64Array {
  if (sorted.length === 0) return sorted;
  let write = 1;
  for (let read = 1; read < sorted.length; read++) {
    if (sorted[read] !== sorted[write - 1]) sorted[write++] = sorted[read];
  }
  return sorted.subarray(0, write);
}

/** Indices of a series' points ordered by x, or null when x already ascends (the usual case). */
function orderByX(x: NumberArray): Uint32Array | null {
  if (isAscending(x)) return null;
  const order = new Uint32Array(x.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => x[a] - x[b]);
}

/** Spreads one series onto the union x. A repeated x keeps the series' last value there. */
function spread(s: ChartSeries, xs: Float64Array): AlignedColumn {
  const column: AlignedColumn = new Array(xs.length);
  const order = orderByX(s.x);
  let u = 0;
  for (let k = 0; k < s.x.length; k++) {
    const i = order ? order[k] : k;
    const x = s.x[i];
    if (!Number.isFinite(x)) continue;
    while (u < xs.length && xs[u] < x) u++;
    if (u === xs.length) break;
    const y = s.y[i];
    column[u] = Number.isFinite(y) ? y : null;
  }
  return column;
}

export function alignSeries(series: readonly ChartSeries[]): AlignedChartData {
  const xs = unionOfX(series);
  return [xs, ...series.map((s) => spread(s, xs))];
}
