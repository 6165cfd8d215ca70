/**
 * A run's recorded metrics as series: one per (name, split), each a set of typed-array columns.
 * Per-batch points make a long run tens of thousands of points; as columns they cross IPC as a
 * few array copies instead of as one object each, and the charts read them without unpacking.
 */
import type { MetricName, MetricPoint, MetricSplit } from './run';

export interface MetricSeries {
  name: MetricName;
  split: MetricSplit;
  /** The points in step order, points of one step in the order they were recorded. */
  step: Float64Array;
  epoch: Float64Array;
  /** May hold NaN or +-Infinity (a diverging run), exactly as recorded. */
  value: Float64Array;
  /** Milliseconds since the Unix epoch. */
  time: Float64Array;
}

/** Series in a fixed order, by name then split, as the store returns them. */
function bySeriesKey(a: { name: string; split: string }, b: { name: string; split: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.split < b.split ? -1 : a.split > b.split ? 1 : 0;
}

/** Groups points into series; within a series, points keep step order and, at one step, their given order. */
export function seriesFromPoints(points: readonly MetricPoint[]): MetricSeries[] {
  const groups = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const key = `${point.name}\u0000${point.split}`;
    const group = groups.get(key);
    if (group) group.push(point);
    else groups.set(key, [point]);
  }
  return [...groups.values()]
    .map((group) => {
      // Array.prototype.sort is stable: points at one step stay in recording order.
      const sorted = group.slice().sort((a, b) => a.step - b.step);
      return {
        name: sorted[0].name,
        split: sorted[0].split,
        step: Float64Array.from(sorted, (p) => p.step),
        epoch: Float64Array.from(sorted, (p) => p.epoch),
        value: Float64Array.from(sorted, (p) => p.value),
        time: Float64Array.from(sorted, (p) => p.time),
      };
    })
    .sort(bySeriesKey);
}

/** Every point as an object, ordered by step, then name and split: for JSON output and tests. */
export function pointsFromSeries(series: readonly MetricSeries[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const s of [...series].sort(bySeriesKey)) {
    for (let i = 0; i < s.step.length; i++) {
      points.push({ name: s.name, split: s.split, step: s.step[i], epoch: s.epoch[i], value: s.value[i], time: s.time[i] });
    }
  }
  // Stable: at one step the series order (name, split) and each series' own order are kept.
  return points.sort((a, b) => a.step - b.step);
}

export function findSeries(series: readonly MetricSeries[], name: MetricName, split: MetricSplit): MetricSeries | undefined {
  return series.find((s) => s.name === name && s.split === split);
}

export function countPoints(series: readonly MetricSeries[]): number {
  return series.reduce((total, s) => total + s.step.length, 0);
}
