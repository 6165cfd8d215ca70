/**
 * A sweep as the app and the command line show it, from what is stored: each trial's status and
 * metric from its run, the counts by status, and the best trial. Pure, so the main side's
 * summaries and the Sweeps screen's re-ranking (by another metric) follow one rule.
 */
import type { RunSummary } from '../training/run';
import type { SweepDetail, SweepMetric, SweepSummary, SweepTrial, TrialPlan, TrialStatus } from './types';

/** A sweep's own record, before its trials are looked at. */
export type SweepRecord = Pick<SweepSummary, 'id' | 'name' | 'spec' | 'status' | 'createdAt' | 'finishedAt'>;

/** A stored trial: its plan, its run once created, and the epoch halving stopped it at. */
export interface TrialRecord extends TrialPlan {
  runId: number | null;
  prunedAtEpoch: number | null;
}

function trialView(t: TrialRecord, run: RunSummary | null, metric: SweepMetric): SweepTrial {
  const status: TrialStatus = t.prunedAtEpoch !== null ? 'pruned' : run ? run.status : 'pending';
  return { ...t, status, value: run?.[metric] ?? null };
}

/**
 * The best trial by its `value`. Only completed trials count: a pruned or cancelled trial stopped
 * early, so its metric is not comparable with finished ones.
 */
export function bestTrial(trials: readonly SweepTrial[]): SweepSummary['best'] {
  let best: SweepSummary['best'] = null;
  for (const t of trials) {
    if (t.status !== 'completed' || t.value === null || t.runId === null) continue;
    if (!best || t.value > best.value) best = { runId: t.runId, trialIndex: t.index, value: t.value };
  }
  return best;
}

export function countByStatus(trials: readonly SweepTrial[]): Partial<Record<TrialStatus, number>> {
  const counts: Partial<Record<TrialStatus, number>> = {};
  for (const t of trials) counts[t.status] = (counts[t.status] ?? 0) + 1;
  return counts;
}

export function describeSweep(sweep: SweepRecord, stored: readonly TrialRecord[], runOf: (runId: number) => RunSummary | null): SweepDetail {
  const runs = new Map<number, RunSummary>();
  for (const t of stored) {
    const run = t.runId === null ? null : runOf(t.runId);
    if (run) runs.set(run.id, run);
  }
  const trials = stored.map((t) => trialView(t, t.runId === null ? null : (runs.get(t.runId) ?? null), sweep.spec.metric));
  return { ...sweep, trialCount: trials.length, counts: countByStatus(trials), best: bestTrial(trials), trials, runs: [...runs.values()] };
}

/** The sweep's trials valued by another metric (read from their runs), and the best trial by it. */
export function rankByMetric(detail: Pick<SweepDetail, 'trials' | 'runs'>, metric: SweepMetric): { trials: SweepTrial[]; best: SweepSummary['best'] } {
  const runs = new Map(detail.runs.map((run) => [run.id, run]));
  const trials = detail.trials.map((t) => ({ ...t, value: (t.runId === null ? null : runs.get(t.runId)?.[metric]) ?? null }));
  return { trials, best: bestTrial(trials) };
}
