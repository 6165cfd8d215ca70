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

/** One row per epoch that recorded its figures, from the per-epoch points only. */
export function epochRows(metrics: readonly MetricSeries[]): EpochRow[] {
  const rows = new Map<number, EpochRow>();
  const row = (epoch: number): EpochRow => {
    let r = rows.get(epoch);
    if (!r) rows.set(epoch, (r = { epoch, trainLoss: null, trainAccuracy: null, valLoss: null, valAccuracy: null }));
    return r;
  };
  for (const series of metrics) {
    const column = COLUMNS[`${series.name}/${series.split}`];
    if (!column || series.kind !== 'epoch') continue;
    for (let i = 0; i < series.step.length; i++) row(series.epoch[i])[column] = series.value[i];
  }
  // An epoch still training has batch points only: it gets its row when it ends.
  return [...rows.values()].sort((a, b) => a.epoch - b.epoch);
}
