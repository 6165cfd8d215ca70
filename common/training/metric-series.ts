/**
 * A run's recorded metrics as series: one per (name, split, kind), each a set of typed-array columns.
 * Per-batch points make a long run tens of thousands of points; as columns they cross IPC as a
 * few array copies instead of as one object each, and the charts read them without unpacking.
 */
import type { MetricKind, MetricName, MetricPoint, MetricSplit } from './run';

export interface MetricSeries {
  name: MetricName;
  split: MetricSplit;
  /** Per batch or per epoch: a series never mixes the two. */
  kind: MetricKind;
  /** The points in step order, points of one step in the order they were recorded. */
  step: Float64Array;
  epoch: Float64Array;
  /** May hold NaN or +-Infinity (a diverging run), exactly as recorded. */
  value: Float64Array;
  /** Milliseconds since the Unix epoch. */
  time: Float64Array;
}

type SeriesKey = Pick<MetricSeries, 'name' | 'split' | 'kind'>;

const keyOf = (s: SeriesKey): string => `${s.name}\u0000${s.split}\u0000${s.kind}`;

/** Series in a fixed order, by name, split then kind, as the store returns them. */
function bySeriesKey(a: SeriesKey, b: SeriesKey): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Groups points into series; within a series, points keep step order and, at one step, their given order. */
export function seriesFromPoints(points: readonly MetricPoint[]): MetricSeries[] {
  const groups = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const key = keyOf(point);
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
        kind: sorted[0].kind,
        step: Float64Array.from(sorted, (p) => p.step),
        epoch: Float64Array.from(sorted, (p) => p.epoch),
        value: Float64Array.from(sorted, (p) => p.value),
        time: Float64Array.from(sorted, (p) => p.time),
      };
    })
    .sort(bySeriesKey);
}

/** Every point as an object, ordered by step, then name, split and kind: for JSON output and tests. */
export function pointsFromSeries(series: readonly MetricSeries[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const s of [...series].sort(bySeriesKey)) {
    for (let i = 0; i < s.step.length; i++) {
      points.push({ name: s.name, split: s.split, kind: s.kind, step: s.step[i], epoch: s.epoch[i], value: s.value[i], time: s.time[i] });
    }
  }
  // Stable: at one step the series order (name, split, kind) and each series' own order are kept.
  return points.sort((a, b) => a.step - b.step);
}

export function findSeries(series: readonly MetricSeries[], name: MetricName, split: MetricSplit, kind: MetricKind): MetricSeries | undefined {
  return series.find((s) => s.name === name && s.split === split && s.kind === kind);
}

/**
 * Metric points recorded after an earlier read: `upTo` is the last point's number (points are
 * numbered in recording order, never reused), to ask for the ones after it next time.
 */
export interface MetricsSince {
  metrics: MetricSeries[];
  upTo: number;
}

const concat = (a: Float64Array, b: Float64Array): Float64Array => {
  const joined = new Float64Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
};

/**
 * Series with newer points added at their ends: new points of a series never come before its
 * last step (a run records forward), so this keeps step order. Neither argument is changed.
 */
export function appendSeries(base: readonly MetricSeries[], added: readonly MetricSeries[]): MetricSeries[] {
  const merged = new Map(base.map((s) => [keyOf(s), s]));
  for (const more of added) {
    const kept = merged.get(keyOf(more));
    merged.set(
      keyOf(more),
      kept ? { ...kept, step: concat(kept.step, more.step), epoch: concat(kept.epoch, more.epoch), value: concat(kept.value, more.value), time: concat(kept.time, more.time) } : more,
    );
  }
  return [...merged.values()].sort(bySeriesKey);
}

export function countPoints(series: readonly MetricSeries[]): number {
  return series.reduce((total, s) => total + s.step.length, 0);
}
