import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../common/training/run';
import { makeEpochMetrics, makeRunDetail } from '../../fake-api';
import { buildComparisonSeries, extractCurve } from '../../../../renderer/src/lib/compare/series';

const START = Date.UTC(2026, 0, 1);

/** Per-batch train loss points followed by each epoch's summary, as training records them. */
function batchAndEpochPoints(epochs: number, batchesPerEpoch: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let b = 1; b <= batchesPerEpoch; b++) {
      step++;
      points.push({ name: 'loss', split: 'train', kind: 'batch', step, epoch, value: 10 * epoch + b, time: START + step * 100 });
    }
    points.push({ name: 'loss', split: 'train', kind: 'epoch', step, epoch, value: epoch, time: START + step * 100 });
    points.push({ name: 'loss', split: 'val', kind: 'epoch', step, epoch, value: epoch + 0.5, time: START + step * 100 });
  }
  return points;
}

describe('extractCurve', () => {
  const run = makeRunDetail({ id: 1, startedAt: START, metrics: batchAndEpochPoints(3, 4) });

  it('shows one summary point per epoch on the epoch axis', () => {
    const curve = extractCurve(run, 'loss', 'train', 'epoch');
    expect(Array.from(curve.x)).toEqual([1, 2, 3]);
    expect(Array.from(curve.y)).toEqual([1, 2, 3]);
  });

  it('shows batch points, not summaries, on the step axis', () => {
    const curve = extractCurve(run, 'loss', 'train', 'step');
    expect(Array.from(curve.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(curve.y[0]).toBe(11);
    expect(curve.y[11]).toBe(34);
  });

  it('keeps summaries of epochs that have no batch points (validation)', () => {
    const curve = extractCurve(run, 'loss', 'val', 'step');
    expect(Array.from(curve.x)).toEqual([4, 8, 12]);
    expect(Array.from(curve.y)).toEqual([1.5, 2.5, 3.5]);
  });

  it('measures wall time in seconds from the start of the run', () => {
    const curve = extractCurve(run, 'loss', 'val', 'time');
    expect(Array.from(curve.x)).toEqual([0.4, 0.8, 1.2]);
  });

  it('sorts points recorded out of order', () => {
    const shuffled = makeRunDetail({ id: 2, metrics: [...batchAndEpochPoints(2, 2)].reverse() });
    const curve = extractCurve(shuffled, 'loss', 'train', 'step');
    expect(Array.from(curve.x)).toEqual([1, 2, 3, 4]);
  });

  it('takes each point by its recorded kind while an epoch is still training', () => {
    // Two epochs done, then two batches of the third: its last batch is no epoch's figure.
    const points = batchAndEpochPoints(2, 4);
    for (const step of [9, 10]) points.push({ name: 'loss', split: 'train', kind: 'batch', step, epoch: 3, value: 30 + step, time: START + step * 100 });
    const running = makeRunDetail({ id: 3, status: 'running', startedAt: START, metrics: points });
    expect(Array.from(extractCurve(running, 'loss', 'train', 'epoch').x)).toEqual([1, 2]);
    const steps = extractCurve(running, 'loss', 'train', 'step');
    expect(Array.from(steps.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(steps.y[9]).toBe(40);
  });

  it('returns an empty curve for a metric that was never recorded', () => {
    expect(extractCurve(run, 'accuracy', 'train', 'epoch').x).toHaveLength(0);
  });
});

describe('buildComparisonSeries', () => {
  const a = makeRunDetail({ id: 1, name: 'small', metrics: makeEpochMetrics(3) });
  const b = makeRunDetail({ id: 2, name: 'big', metrics: makeEpochMetrics(5) });

  it('makes one series per run and split, each run in its own colour, validation dashed', () => {
    const series = buildComparisonSeries([a, b], {
      metric: 'accuracy',
      splits: ['train', 'val'],
      xAxis: 'epoch',
      smoothing: { kind: 'none' },
    });
    expect(series.map((s) => s.label)).toEqual(['#1 small (train)', '#1 small (val)', '#2 big (train)', '#2 big (val)']);
    expect(series[0].color).toBe(series[1].color);
    expect(series[0].color).not.toBe(series[2].color);
    expect(series.map((s) => s.dashed)).toEqual([false, true, false, true]);
    expect(series[2].x).toHaveLength(5);
  });

  it('labels by run only when one split is shown, and applies smoothing', () => {
    const raw = buildComparisonSeries([a], { metric: 'loss', splits: ['val'], xAxis: 'epoch', smoothing: { kind: 'none' } });
    const smoothed = buildComparisonSeries([a], {
      metric: 'loss',
      splits: ['val'],
      xAxis: 'epoch',
      smoothing: { kind: 'movingAverage', window: 2 },
    });
    expect(raw[0].label).toBe('#1 small');
    expect(smoothed[0].y[1]).toBeCloseTo((raw[0].y[0] + raw[0].y[1]) / 2);
  });

  it('leaves out runs without any matching points', () => {
    const empty = makeRunDetail({ id: 3, status: 'queued', metrics: [] });
    const series = buildComparisonSeries([empty, a], { metric: 'loss', splits: ['train'], xAxis: 'step', smoothing: { kind: 'none' } });
    expect(series.map((s) => s.label)).toEqual(['#1 small']);
  });
});
