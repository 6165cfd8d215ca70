/** A sweep as the app and the command line show it: trials with their runs' status and metric, counts, the best trial. */
import type { SweepDetail, SweepSummary, SweepTrial, TrialStatus } from '../../common/sweeps/types';
import type { RunSummary } from '../../common/training/run';
import type { StoredSweep, StoredTrial } from '../store/sweep-store';
import type { RunStore } from '../store/types';

function trialView(t: StoredTrial, run: RunSummary | null, sweep: StoredSweep): SweepTrial {
  const status: TrialStatus = t.prunedAtEpoch !== null ? 'pruned' : run ? run.status : 'pending';
  return { ...t, status, value: run?.[sweep.spec.metric] ?? null };
}

export function sweepDetail(store: RunStore, sweep: StoredSweep): SweepDetail {
  const stored = store.sweeps.trials(sweep.id);
  const runs = new Map<number, RunSummary>();
  for (const t of stored) {
    const run = t.runId === null ? null : store.getRun(t.runId);
    if (run) runs.set(run.id, run);
  }
  const trials = stored.map((t) => trialView(t, t.runId === null ? null : (runs.get(t.runId) ?? null), sweep));
  const counts: Partial<Record<TrialStatus, number>> = {};
  for (const t of trials) counts[t.status] = (counts[t.status] ?? 0) + 1;
  let best: SweepSummary['best'] = null;
  for (const t of trials) {
    // A pruned trial stopped early: its metric is not comparable with finished ones.
    if (t.status !== 'completed' || t.value === null || t.runId === null) continue;
    if (!best || t.value > best.value) best = { runId: t.runId, trialIndex: t.index, value: t.value };
  }
  return { ...sweep, trialCount: trials.length, counts, best, trials, runs: [...runs.values()] };
}

export function sweepSummary(store: RunStore, sweep: StoredSweep): SweepSummary {
  const { trials: _trials, runs: _runs, ...summary } = sweepDetail(store, sweep);
  return summary;
}
