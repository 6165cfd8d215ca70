/**
 * Turns recorded run metrics into chart series for the Compare screen. Built with typed arrays
 * in single passes: twenty runs with per-batch points are a few hundred thousand points.
 */
import { findSeries } from '../../../../common/training/metric-series';
import type { MetricName, MetricSplit, RunDetail } from '../../../../common/training/run';
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

function earliestTime(time: Float64Array): number {
  let earliest = Infinity;
  for (const t of time) earliest = Math.min(earliest, t);
  return Number.isFinite(earliest) ? earliest : 0;
}

/**
 * The epoch axis shows per-epoch points; step and time axes show per-batch points, or the
 * per-epoch ones where a series has none (validation, or a run that kept no batch points).
 */
function seriesFor(run: RunDetail, metric: MetricName, split: MetricSplit, xAxis: XAxis) {
  const epochs = findSeries(run.metrics, metric, split, 'epoch');
  if (xAxis === 'epoch') return epochs;
  const batches = findSeries(run.metrics, metric, split, 'batch');
  return batches && batches.step.length > 0 ? batches : epochs;
}

/** One run's curve for one metric and split, before smoothing. */
export function extractCurve(run: RunDetail, metric: MetricName, split: MetricSplit, xAxis: XAxis): Curve {
  const series = seriesFor(run, metric, split, xAxis);
  if (!series) return { x: new Float64Array(0), y: new Float64Array(0) };
  const { epoch, step, time, value } = series;
  const n = step.length;
  const t0 = run.startedAt ?? earliestTime(time);
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[k] = xAxis === 'epoch' ? epoch[k] : xAxis === 'step' ? step[k] : (time[k] - t0) / 1000;
  return { x, y: value.slice() };
}

// Run details are replaced, never mutated, once loaded; so a run's curves can be kept with it
// and switching metric, split or axis back and forth costs nothing the second time.
const curveCache = new WeakMap<RunDetail, Map<string, Curve>>();

export function cachedCurve(run: RunDetail, metric: MetricName, split: MetricSplit, xAxis: XAxis): Curve {
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
