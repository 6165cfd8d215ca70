/**
 * Compare's curves as the chart draws them: a curve with more points than the chart has pixel
 * columns (every batch of twenty runs is ~170,000 points) is cut down to the lowest and highest
 * value per column, which draws the same picture; shorter curves (epochs, validation) stay exact.
 * All curves are cut on one grid so they share x values, which keeps the chart's merge of x
 * values across curves small.
 */
import { bandPerBucket, gridFor, minMaxPerBucket, worthDownsampling, type BucketGrid, type Curve } from '../../../../common/format/downsample';
import type { ChartSeries, NumberArray } from '../charts/types';

// Curves are cached with their run's details and reused as they are, so the cut version of a
// curve can be kept with its y values: switching metric or axis back and forth recomputes nothing.
const cut = new WeakMap<NumberArray, { x: NumberArray; grid: string; curve: Curve }>();

function cutCurve(s: ChartSeries, grid: BucketGrid): Curve {
  const key = `${grid.min}/${grid.max}/${grid.buckets}`;
  const kept = cut.get(s.y);
  if (kept && kept.x === s.x && kept.grid === key) return kept.curve;
  const curve = minMaxPerBucket(s.x, s.y, grid);
  cut.set(s.y, { x: s.x, grid: key, curve });
  return curve;
}

/** `columns`: pixel columns across the plot (0 or less: unknown, nothing is cut). */
export function displaySeries(series: ChartSeries[], columns: number): ChartSeries[] {
  if (!(columns > 0)) return series;
  const grid = gridFor(
    series.map((s) => s.x),
    columns,
  );
  if (!grid || !series.some((s) => worthDownsampling(s.x.length, grid))) return series;
  return series.map((s) => {
    if (!worthDownsampling(s.x.length, grid)) return s;
    // A group's band is cut with it, to its lowest and highest edge per column.
    const band = s.band && worthDownsampling(s.band.x.length, grid) ? bandPerBucket(s.band.x, s.band.lower, s.band.upper, grid) : s.band;
    return { ...s, ...cutCurve(s, grid), band };
  });
}
