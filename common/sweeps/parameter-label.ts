/** How a sweep's parameter keys and values read in charts and tables. */
import { HYPERPARAMETER_LABELS, type Hyperparameters } from '../training/hyperparameters';
import { canonicalKey } from './plan';
import { SWEEP_METRIC_LABELS, type SweepMetric, type SweepValue } from './types';

/** "learningRate" or "lr" -> "Learning rate"; "layer3.filters" -> "Layer 3 filters". */
export function parameterLabel(key: string): string {
  const layer = /^layer(\d+)\.([A-Za-z]+)$/.exec(key);
  if (layer) return `Layer ${layer[1]} ${layer[2]}`;
  const field = canonicalKey(key);
  return Object.hasOwn(HYPERPARAMETER_LABELS, field) ? HYPERPARAMETER_LABELS[field as keyof Hyperparameters] : key;
}

/** 0.0001 -> "0.0001", 3.14159 -> "3.14", true -> "on". */
export function parameterValueLabel(value: SweepValue | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
  return value;
}

/** A sweep metric as a heading or axis title: "Best validation accuracy". */
export function metricTitle(metric: SweepMetric): string {
  const label = SWEEP_METRIC_LABELS[metric];
  return label.charAt(0).toUpperCase() + label.slice(1);
}
