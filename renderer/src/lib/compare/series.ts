/**
 * Turns recorded run metrics into chart series for the Compare screen. Built with typed arrays
 * in single passes: twenty runs with per-batch points are a few hundred thousand points.
 */
import type { MetricName, MetricPoint, MetricSplit, RunDetail } from '../../../../common/training/run';
import type { ChartSeries } from '../../components/charts/types';
import { seriesColor } from '../charts/palette';
import { smooth, type Smoothing } from '../charts/smoothing';

export type XAxis = 'epoch' | 'step' | 'time';

export const X_AXIS_LABELS: Record<XAxis, string> = {
  epoch: 'Epoch',
  step: 'Step (batches)',
  time: 'Wall time (s)',
};

export const METRIC_LABELS: Record<MetricName, string> = {
  loss: 'Loss',
  accuracy: 'Accuracy',
  lr: 'Learning rate',
};

export interface CurveSelection {
  metric: MetricName;
  splits: MetricSplit[];
  xAxis: XAxis;
  smoothing: Smoothing;
}

export interface Curve {
  x: Float64Array;
  y: Float64Array;
}

/** Indices of the matching points ordered by step, then time, then recording order. */
function matchingIndices(metrics: MetricPoint[], name: MetricName, split: MetricSplit): number[] {
  const indices: number[] = [];
  let sorted = true;
  for (let i = 0; i < metrics.length; i++) {
    const p = metrics[i];
    if (p.name !== name || p.split !== split) continue;
    if (indices.length > 0) {
      const prev = metrics[indices[indices.length - 1]];
      if (p.step < prev.step || (p.step === prev.step && p.time < prev.time)) sorted = false;
    }
    indices.push(i);
  }
  if (!sorted) {
    indices.sort((a, b) => metrics[a].step - metrics[b].step || metrics[a].time - metrics[b].time || a - b);
  }
  return indices;
}

/**
 * Points carry no per-batch / per-epoch flag. The epoch summary is written after that epoch's
 * batches, so the last point of each epoch is the summary; with only one point (validation, or
 * runs that kept no batch points) that point is the summary too.
 */
function isEpochSummary(metrics: MetricPoint[], indices: number[], k: number): boolean {
  return k === indices.length - 1 || metrics[indices[k + 1]].epoch !== metrics[indices[k]].epoch;
}

function earliestTime(metrics: MetricPoint[], indices: number[]): number {
  let earliest = Infinity;
  for (const i of indices) earliest = Math.min(earliest, metrics[i].time);
  return Number.isFinite(earliest) ? earliest : 0;
}

/** One run's curve for one metric and split, before smoothing. */
export function extractCurve(run: RunDetail, metric: MetricName, split: MetricSplit, xAxis: XAxis): Curve {
  const { metrics } = run;
  const indices = matchingIndices(metrics, metric, split);
  const keep = new Uint8Array(indices.length);
  let count = 0;
  for (let k = 0; k < indices.length; k++) {
    const summary = isEpochSummary(metrics, indices, k);
    const alone = k === 0 || metrics[indices[k - 1]].epoch !== metrics[indices[k]].epoch;
    // The epoch axis shows summaries only; step and time axes show batch points, and a summary
    // only where its epoch has no batch points (it would otherwise make the line zigzag).
    const wanted = xAxis === 'epoch' ? summary : !summary || alone;
    if (wanted) {
      keep[k] = 1;
      count++;
    }
  }
  const t0 = run.startedAt ?? earliestTime(metrics, indices);
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  let w = 0;
  for (let k = 0; k < indices.length; k++) {
    if (!keep[k]) continue;
    const p = metrics[indices[k]];
    x[w] = xAxis === 'epoch' ? p.epoch : xAxis === 'step' ? p.step : (p.time - t0) / 1000;
    y[w] = p.value;
    w++;
  }
  return { x, y };
}

// Run details are replaced, never mutated, once loaded; so a run's curves can be kept with it
// and switching metric, split or axis back and forth costs nothing the second time.
const curveCache = new WeakMap<RunDetail, Map<string, Curve>>();

function cachedCurve(run: RunDetail, metric: MetricName, split: MetricSplit, xAxis: XAxis): Curve {
  let curves = curveCache.get(run);
  if (!curves) {
    curves = new Map();
    curveCache.set(run, curves);
  }
  const key = `${metric}/${split}/${xAxis}`;
  let curve = curves.get(key);
  if (!curve) {
    curve = extractCurve(run, metric, split, xAxis);
    curves.set(key, curve);
  }
  return curve;
}

/** A short, unique name for a run in legends and table headers. */
export function runLabel(run: { id: number; name: string }): string {
  return `#${run.id} ${run.name}`;
}

/**
 * Series for every run and split, coloured by the run's position (so a run keeps its colour
 * across metrics); validation is dashed when train is shown beside it.
 */
export function buildComparisonSeries(runs: readonly RunDetail[], selection: CurveSelection): ChartSeries[] {
  const series: ChartSeries[] = [];
  const several = selection.splits.length > 1;
  runs.forEach((run, runIndex) => {
    for (const split of selection.splits) {
      const curve = cachedCurve(run, selection.metric, split, selection.xAxis);
      if (curve.x.length === 0) continue;
      series.push({
        label: several ? `${runLabel(run)} (${split})` : runLabel(run),
        x: curve.x,
        y: smooth(curve.y, selection.smoothing),
        color: seriesColor(runIndex),
        dashed: several && split !== 'train',
      });
    }
  });
  return series;
}
