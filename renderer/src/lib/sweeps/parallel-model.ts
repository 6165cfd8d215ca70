/**
 * The parallel-coordinates chart of a sweep as data: one axis per varied setting plus the chosen
 * metric last, one line per trial with its position (0 bottom, 1 top) on each axis.
 */
import { metricTitle, parameterLabel, parameterValueLabel } from '../../../../common/sweeps/parameter-label';
import { canonicalKey } from '../../../../common/sweeps/plan';
import type { SweepDetail, SweepMetric, SweepParameter, SweepTrial, SweepValue, TrialStatus } from '../../../../common/sweeps/types';
import { SWEEP_METRIC_LABELS } from '../../../../common/sweeps/types';
import { percent } from '../../../../common/format/numbers';
import { categoryScale, linearScale, logScale, type Scale, type Tick } from './scales';

/** The metric's axis; parameter axes use the canonical parameter key. */
export const METRIC_AXIS = '#metric';

export interface ParallelAxis {
  key: string;
  label: string;
  kind: Scale['kind'];
  ticks: Tick[];
}

export interface ParallelLine {
  trialIndex: number;
  runId: number | null;
  status: TrialStatus;
  /** Per axis, in axis order: the position, or null where the trial has no value (no result yet). */
  positions: (number | null)[];
  metricValue: number | null;
  /** Whole trial in words, for screen readers and hover labels. */
  description: string;
}

export interface ParallelModel {
  axes: ParallelAxis[];
  lines: ParallelLine[];
  /** Lowest and highest metric value among the trials, for the colour legend; null when none has one. */
  metricRange: [number, number] | null;
}

const isRange = (p: SweepParameter): p is Extract<SweepParameter, { min: number }> => 'min' in p;

/**
 * A listed set of numbers spanning two orders of magnitude or more (learning rates such as
 * 0.1, 0.01, 0.001) reads on a log axis; on a linear one all but the largest crowd at the bottom.
 */
function listIsLogLike(values: readonly number[]): boolean {
  return values.length > 1 && values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) >= 100;
}

function parameterScale(parameter: SweepParameter, seen: readonly SweepValue[]): Scale {
  if (isRange(parameter)) {
    const numbers = [parameter.min, parameter.max, ...seen.filter((v): v is number => typeof v === 'number')];
    return parameter.scale === 'log' ? logScale(numbers) : linearScale(numbers);
  }
  const listed = parameter.values;
  if (listed.length > 0 && listed.every((v) => typeof v === 'number')) {
    const numbers = listed as number[];
    return listIsLogLike(numbers) ? logScale(numbers) : linearScale(numbers);
  }
  return categoryScale(listed);
}

/** The chosen metric of a trial's run, or null while it has none. */
export function trialMetric(sweep: Pick<SweepDetail, 'runs'>, trial: SweepTrial, metric: SweepMetric): number | null {
  if (trial.runId === null) return null;
  const value = sweep.runs.find((r) => r.id === trial.runId)?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function parallelModel(sweep: Pick<SweepDetail, 'spec' | 'trials' | 'runs'>, metric: SweepMetric): ParallelModel {
  const parameters = sweep.spec.parameters.map((p) => ({ ...p, key: canonicalKey(p.key) }));
  const scales = parameters.map((p) => parameterScale(p, sweep.trials.map((t) => t.values[p.key])));
  const values = sweep.trials.map((t) => trialMetric(sweep, t, metric));
  const finite = values.filter((v): v is number => v !== null);
  const metricScale = linearScale(finite, (v) => percent(v, 1));
  const axes: ParallelAxis[] = [
    ...parameters.map((p, i) => ({ key: p.key, label: parameterLabel(p.key), kind: scales[i].kind, ticks: scales[i].ticks() })),
    { key: METRIC_AXIS, label: metricTitle(metric), kind: 'linear', ticks: finite.length ? metricScale.ticks() : [] },
  ];
  const lines = sweep.trials.map((trial, t): ParallelLine => {
    const metricValue = values[t];
    const settings = parameters.map((p) => `${parameterLabel(p.key)} ${parameterValueLabel(trial.values[p.key])}`);
    const result = metricValue === null ? `no ${SWEEP_METRIC_LABELS[metric]} (${trial.status})` : `${percent(metricValue)}${trial.status === 'completed' ? '' : ` (${trial.status})`}`;
    return {
      trialIndex: trial.index,
      runId: trial.runId,
      status: trial.status,
      positions: [...parameters.map((p, i) => scales[i].position(trial.values[p.key])), metricValue === null ? null : metricScale.position(metricValue)],
      metricValue,
      description: `Trial ${trial.index + 1}, seed ${trial.seed}: ${settings.join(', ')}; ${result}`,
    };
  });
  return { axes, lines, metricRange: finite.length ? [Math.min(...finite), Math.max(...finite)] : null };
}
