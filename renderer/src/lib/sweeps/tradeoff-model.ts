/**
 * The trade-off chart of a sweep as data: each trial with a result as a point of cost (parameters
 * or multiply-adds per image, log scale) against the chosen metric, and the Pareto front: the
 * trials no other trial beats on both.
 */
import { compactCount, percent } from '../../../../common/format/numbers';
import { analyzeArchitecture } from '../../../../common/layers/analyze';
import type { LayerSpec } from '../../../../common/layers/types';
import { metricTitle, parameterLabel, parameterValueLabel } from '../../../../common/sweeps/parameter-label';
import { paretoFront } from '../../../../common/sweeps/pareto';
import type { SweepDetail, SweepMetric } from '../../../../common/sweeps/types';
import { SWEEP_METRIC_LABELS } from '../../../../common/sweeps/types';
import { trialMetric } from './parallel-model';
import { linearScale, logScale, type Tick } from './scales';

export type CostAxis = 'params' | 'macs';

export const COST_LABELS: Record<CostAxis, string> = {
  params: 'Parameters',
  macs: 'Multiply-adds per image',
};

export interface TradeOffDot {
  runId: number;
  trialIndex: number;
  cost: number;
  value: number;
  /** Positions from 0 to 1 (left to right, bottom to top). */
  x: number;
  y: number;
  onFront: boolean;
  /** Beside the point on hover or focus: "Run #12: 98.10%, 27.2k". */
  shortLabel: string;
  description: string;
}

export interface TradeOffModel {
  dots: TradeOffDot[];
  /** The front as a staircase through its points, cheapest first: the best accuracy for each cost. */
  frontPath: { x: number; y: number }[];
  xTicks: Tick[];
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
  /** Trials not drawn because they have no result (yet). */
  leftOut: number;
}

// A stack's multiply-adds are worked out once per layers array (runs keep theirs for good).
const macsOf = new WeakMap<readonly LayerSpec[], number>();

export function multiplyAdds(layers: LayerSpec[]): number {
  let macs = macsOf.get(layers);
  if (macs === undefined) {
    macs = analyzeArchitecture(layers).totalMacs;
    macsOf.set(layers, macs);
  }
  return macs;
}

export function tradeOffModel(sweep: Pick<SweepDetail, 'spec' | 'trials' | 'runs'>, metric: SweepMetric, costAxis: CostAxis): TradeOffModel {
  const raw: Omit<TradeOffDot, 'x' | 'y' | 'onFront'>[] = [];
  for (const trial of sweep.trials) {
    const run = trial.runId === null ? undefined : sweep.runs.find((r) => r.id === trial.runId);
    const value = trialMetric(sweep, trial, metric);
    if (!run || value === null) continue;
    const cost = costAxis === 'params' ? run.params : multiplyAdds(run.layers);
    if (!(cost > 0)) continue;
    const settings = Object.entries(trial.values).map(([k, v]) => `${parameterLabel(k)} ${parameterValueLabel(v)}`);
    raw.push({
      runId: run.id,
      trialIndex: trial.index,
      cost,
      value,
      shortLabel: `Run #${run.id}: ${percent(value)}, ${compactCount(cost)}`,
      description: `Trial ${trial.index + 1}: ${percent(value)} ${SWEEP_METRIC_LABELS[metric]}, ${compactCount(cost)} ${COST_LABELS[costAxis].toLowerCase()}${settings.length ? `; ${settings.join(', ')}` : ''}`,
    });
  }
  const xScale = logScale(raw.map((d) => d.cost), compactCount);
  const yScale = linearScale(raw.map((d) => d.value), (v) => percent(v, 1));
  const front = new Set(paretoFront(raw.map((d) => ({ cost: d.cost, accuracy: d.value }))));
  const dots = raw.map((d, i) => ({ ...d, x: xScale.position(d.cost) as number, y: yScale.position(d.value) as number, onFront: front.has(i) }));
  const onFront = dots.filter((d) => d.onFront).sort((a, b) => a.cost - b.cost);
  const frontPath = onFront.flatMap((d, i) => (i === 0 ? [{ x: d.x, y: d.y }] : [{ x: d.x, y: onFront[i - 1].y }, { x: d.x, y: d.y }]));
  return {
    dots,
    frontPath,
    xTicks: raw.length ? xScale.ticks() : [],
    yTicks: raw.length ? yScale.ticks() : [],
    xLabel: `${COST_LABELS[costAxis]} (log scale)`,
    yLabel: metricTitle(metric),
    leftOut: sweep.trials.length - dots.length,
  };
}
