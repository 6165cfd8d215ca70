/**
 * Grouping runs that differ only by seed (or by what the user leaves out), and each group's
 * results as mean ± standard deviation with n, as MLflow and W&B users ask for. Works for any
 * runs: a sweep's trials or runs picked by hand.
 */
import type { RunSummary } from '../training/run';
import { fingerprint } from '../training/settings-diff';
import type { SweepMetric } from './types';

export interface Spread {
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single run. */
  std: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread | null {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  if (n === 0) return null;
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), min: Math.min(...finite), max: Math.max(...finite), n };
}

export interface RunGroup<R extends RunSummary = RunSummary> {
  /** Stable identity of the group: the fingerprint of the settings it shares. */
  key: string;
  /** The runs, in the order given. */
  runs: R[];
  stats: Record<SweepMetric, Spread | null>;
}

/**
 * What a run is grouped by: its layers and every setting except the seed (and the settings named
 * in `ignore`). The name, tags and notes are not settings.
 */
export function groupKey(run: Pick<RunSummary, 'layers' | 'hyperparameters'>, ignore: readonly string[] = []): string {
  const settings: Record<string, unknown> = { ...run.hyperparameters };
  delete settings.seed;
  for (const key of ignore) delete settings[key];
  return fingerprint({ layers: ignore.includes('layers') ? null : run.layers, settings });
}

const METRICS: readonly SweepMetric[] = ['bestValAccuracy', 'finalValAccuracy', 'testAccuracy'];

export function groupRuns<R extends RunSummary>(runs: readonly R[], ignore: readonly string[] = []): RunGroup<R>[] {
  const groups = new Map<string, R[]>();
  for (const run of runs) {
    const key = groupKey(run, ignore);
    const list = groups.get(key);
    if (list) list.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.entries()].map(([key, members]) => ({
    key,
    runs: members,
    stats: Object.fromEntries(METRICS.map((m) => [m, spread(members.map((r) => r[m] ?? NaN))])) as RunGroup<R>['stats'],
  }));
}

/** "98.91% ± 0.12 (n=3)": accuracy as a percentage, the spread in points. */
export function formatSpread(s: Spread | null): string {
  if (!s) return '—';
  const pct = (v: number): string => (v * 100).toFixed(2);
  return s.n > 1 ? `${pct(s.mean)}% ± ${pct(s.std)} (n=${s.n})` : `${pct(s.mean)}% (n=1)`;
}
