/** How the Sweeps screen words a sweep: progress by trial status, a trial's values and status, its seed groups. */
import { formatSpread, groupRuns } from '../../../common/sweeps/grouping';
import { canonicalKey } from '../../../common/sweeps/plan';
import type { SweepDetail, SweepMetric, SweepStatus, SweepSummary, SweepTrial, SweepValue, TrialStatus } from '../../../common/sweeps/types';

/** The order progress reads in: what is done, what is moving, what is waiting, what stopped. */
const STATUS_ORDER: readonly TrialStatus[] = ['completed', 'running', 'queued', 'pending', 'pruned', 'cancelled', 'failed', 'diverged', 'interrupted'];

/** "2 completed · 1 running · 3 pending". */
export function progressText(counts: SweepSummary['counts']): string {
  const parts = STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(' · ') : 'no trials';
}

/** The keys a sweep varies, as its trials record them. */
export function variedKeys(sweep: Pick<SweepSummary, 'spec'>): string[] {
  return sweep.spec.parameters.map((p) => canonicalKey(p.key));
}

export function formatValue(value: SweepValue | undefined): string {
  return value === undefined ? '—' : String(value);
}

/** "learningRate=0.01, batchSize=64". */
export function describeValues(values: Record<string, SweepValue>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(', ');
}

export function trialStatusText(trial: Pick<SweepTrial, 'status' | 'prunedAtEpoch'>): string {
  return trial.status === 'pruned' && trial.prunedAtEpoch !== null ? `pruned at epoch ${trial.prunedAtEpoch}` : trial.status;
}

/** Which of Pause / Resume / Cancel a sweep in this status allows, as the services decide. */
export function sweepActions(status: SweepStatus): { pause: boolean; resume: boolean; cancel: boolean } {
  return { pause: status === 'running', resume: status === 'paused', cancel: status === 'running' || status === 'paused' };
}

export interface SeedGroupRow {
  key: string;
  /** The values of the combination the group ran. */
  values: Record<string, SweepValue>;
  spread: string;
  n: number;
}

/**
 * The completed trials grouped over their seeds, each group's metric as mean ± std (n). Only
 * completed trials count, as for the best trial: a pruned one stopped early.
 */
export function seedGroups(detail: Pick<SweepDetail, 'trials' | 'runs'>, metric: SweepMetric): SeedGroupRow[] {
  const trialOfRun = new Map(detail.trials.filter((t) => t.runId !== null).map((t) => [t.runId!, t]));
  const completed = detail.runs.filter((run) => trialOfRun.get(run.id)?.status === 'completed');
  return groupRuns(completed).map((group) => ({
    key: group.key,
    values: trialOfRun.get(group.runs[0].id)?.values ?? {},
    spread: formatSpread(group.stats[metric]),
    n: group.stats[metric]?.n ?? 0,
  }));
}

/** A sweep's time estimate in words: "about 40 s", "about 12 min", "about 2 h 5 min". */
export function estimateText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'no estimate yet (train a run first)';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
