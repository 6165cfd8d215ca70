/**
 * The final results of runs side by side, the best value of each comparable row marked: one
 * definition for the Compare screen's table and `mnist-lab compare`.
 */
import { compactCount, decimal, duration, percent, runDuration } from '../format/numbers';
import { readInFewerViews, viewCount } from './real-world';
import type { RunSummary } from './run';

export interface FinalMetricRow {
  /** A stable name for scripts (`mnist-lab compare --json`): the run field it shows. */
  key: string;
  metric: string;
  values: string[];
  /** Index of the run with the best value, or null when there is no comparison to make. */
  best: number | null;
}

type Better = 'higher' | 'lower' | null;

function bestIndex(numbers: (number | null)[], better: Better): number | null {
  if (!better) return null;
  let best = -1;
  const distinct = new Set<number>();
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i];
    if (n === null || !Number.isFinite(n)) continue;
    distinct.add(n);
    const current = best < 0 ? null : (numbers[best] as number);
    if (current === null || (better === 'higher' ? n > current : n < current)) best = i;
  }
  // Marking a winner among fewer than two different values says nothing.
  return distinct.size > 1 ? best : null;
}

function row(key: string, metric: string, numbers: (number | null)[], format: (n: number | null) => string, better: Better): FinalMetricRow {
  return { key, metric, values: numbers.map(format), best: bestIndex(numbers, better) };
}

function textRow(key: string, metric: string, values: string[]): FinalMetricRow {
  return { key, metric, values, best: null };
}

const count = (n: number | null): string => (n === null ? '—' : String(n));

/**
 * Real-world accuracy, a score from before the views marked "(1 view)". Scores read in different
 * numbers of views are not compared: the one read in more would win by its reading alone.
 */
function realWorldRow(runs: readonly RunSummary[]): FinalMetricRow {
  const numbers = runs.map((r) => r.realWorldAccuracy);
  const views = new Set(runs.flatMap((r) => (r.realWorldAccuracy === null || r.realWorldViews === null ? [] : [r.realWorldViews])));
  const values = runs.map((r) => `${percent(r.realWorldAccuracy)}${readInFewerViews(r.realWorldViews) ? ` (${viewCount(r.realWorldViews)})` : ''}`);
  return { key: 'realWorldAccuracy', metric: 'Real-world accuracy', values, best: views.size > 1 ? null : bestIndex(numbers, 'higher') };
}

export function finalMetricRows(runs: readonly RunSummary[], now = Date.now()): FinalMetricRow[] {
  return [
    textRow('status', 'Status', runs.map((r) => r.status)),
    row('testAccuracy', 'Test accuracy', runs.map((r) => r.testAccuracy), (n) => percent(n), 'higher'),
    row('testLoss', 'Test loss', runs.map((r) => r.testLoss), (n) => decimal(n), 'lower'),
    realWorldRow(runs),
    row('bestValAccuracy', 'Best val accuracy', runs.map((r) => r.bestValAccuracy), (n) => percent(n), 'higher'),
    row('bestEpoch', 'Best epoch', runs.map((r) => r.bestEpoch), count, null),
    row('finalValAccuracy', 'Final val accuracy', runs.map((r) => r.finalValAccuracy), (n) => percent(n), 'higher'),
    row('epochsDone', 'Epochs done', runs.map((r) => r.epochsDone), count, null),
    row('params', 'Parameters', runs.map((r) => r.params), (n) => (n === null ? '—' : compactCount(n)), null),
    row('duration', 'Duration', runs.map((r) => runDuration(r, now)), (n) => duration(n), null),
    textRow('backend', 'Backend', runs.map((r) => (r.backend ? `${r.backend}${r.device ? ` (${r.device})` : ''}` : '—'))),
  ];
}
