/** Per-epoch rows rebuilt from recorded metric points (for `show`, `compare` and the app's run view). */
import type { MetricPoint } from './run';

export interface EpochRow {
  epoch: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
}

/**
 * Validation metrics are recorded once per epoch. Training metrics are recorded per batch and once
 * more at the epoch's end; the epoch's value is the last training point of that epoch.
 */
export function epochRows(metrics: readonly MetricPoint[]): EpochRow[] {
  const rows = new Map<number, EpochRow>();
  const row = (epoch: number): EpochRow => {
    let r = rows.get(epoch);
    if (!r) rows.set(epoch, (r = { epoch, trainLoss: null, trainAccuracy: null, valLoss: null, valAccuracy: null }));
    return r;
  };
  const sorted = [...metrics].sort((a, b) => a.step - b.step || a.time - b.time);
  for (const p of sorted) {
    if (p.split === 'test' || p.name === 'lr') continue;
    const r = row(p.epoch);
    if (p.split === 'val') {
      if (p.name === 'loss') r.valLoss = p.value;
      else r.valAccuracy = p.value;
    } else if (p.name === 'loss') r.trainLoss = p.value;
    else r.trainAccuracy = p.value;
  }
  // Epochs that only have training points are in progress or were cut short; keep them, they are real.
  return [...rows.values()].sort((a, b) => a.epoch - b.epoch);
}
