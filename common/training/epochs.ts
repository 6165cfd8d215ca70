/** Per-epoch rows rebuilt from recorded metrics (for `show`, `compare` and the app's run view). */
import type { MetricSeries } from './metric-series';

export interface EpochRow {
  epoch: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
}

type Column = Exclude<keyof EpochRow, 'epoch'>;

const COLUMNS: Record<string, Column> = {
  'loss/train': 'trainLoss',
  'accuracy/train': 'trainAccuracy',
  'loss/val': 'valLoss',
  'accuracy/val': 'valAccuracy',
};

/**
 * Validation metrics are recorded once per epoch. Training metrics are recorded per batch and once
 * more at the epoch's end; the epoch's value is the last training point of that epoch.
 */
export function epochRows(metrics: readonly MetricSeries[]): EpochRow[] {
  const rows = new Map<number, EpochRow>();
  const row = (epoch: number): EpochRow => {
    let r = rows.get(epoch);
    if (!r) rows.set(epoch, (r = { epoch, trainLoss: null, trainAccuracy: null, valLoss: null, valAccuracy: null }));
    return r;
  };
  for (const series of metrics) {
    const column = COLUMNS[`${series.name}/${series.split}`];
    if (!column) continue;
    // Points are in step order, so the last one written for an epoch wins.
    for (let i = 0; i < series.step.length; i++) row(series.epoch[i])[column] = series.value[i];
  }
  // Epochs that only have training points are in progress or were cut short; keep them, they are real.
  return [...rows.values()].sort((a, b) => a.epoch - b.epoch);
}
