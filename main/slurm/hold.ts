/**
 * Pausing a sweep whose trials are on Slurm. They were all handed to Slurm at once, so pausing
 * holds the ones still waiting in its queue (`scontrol uhold`: they stay pending, reason
 * JobHeldUser, and never start) and Resume releases them; a trial already training goes on, as a
 * paused sweep's training trial does on this machine. Held jobs stay held if MNIST Lab closes:
 * Resume, from any MNIST Lab process, releases them.
 */
import { LabFailure } from '../ipc/errors';
import type { RunStore } from '../store/types';
import type { SlurmCommands } from './slurm-commands';

/** The Slurm job ids of those runs that are jobs in flight (and, with `waitingOnly`, not training yet). */
function jobIdsOf(store: RunStore, runIds: readonly number[], waitingOnly: boolean): string[] {
  return runIds.flatMap((runId) => {
    const row = store.slurm.get(runId);
    if (!row?.jobId || row.endedAt !== null) return [];
    return waitingOnly && store.getRun(runId)?.status !== 'queued' ? [] : [row.jobId];
  });
}

/** Slurm's answer for a job it no longer knows: it ended since the runs were listed. */
const endedMeanwhile = (error: unknown): boolean => error instanceof LabFailure && /invalid job id/i.test(error.message);

/**
 * One scontrol call for all of them; when Slurm no longer knows one, each of them again on its
 * own, so that a job that just ended does not stop the rest. Any other refusal is thrown.
 */
function eachJob(act: (jobIds: readonly string[]) => void, jobIds: readonly string[]): void {
  if (jobIds.length === 0) return;
  try {
    act(jobIds);
  } catch (error) {
    if (!endedMeanwhile(error)) throw error;
    for (const jobId of jobIds) {
      try {
        act([jobId]);
      } catch (one) {
        if (!endedMeanwhile(one)) throw one;
      }
    }
  }
}

/** Holds the runs' jobs that still wait in Slurm's queue; returns their job ids. */
export function holdWaitingJobs(store: RunStore, slurm: SlurmCommands, runIds: readonly number[]): string[] {
  const jobIds = jobIdsOf(store, runIds, true);
  eachJob((ids) => slurm.hold(ids), jobIds);
  return jobIds;
}

/** Releases the runs' jobs (releasing one that is not held changes nothing); returns their job ids. */
export function releaseJobs(store: RunStore, slurm: SlurmCommands, runIds: readonly number[]): string[] {
  const jobIds = jobIdsOf(store, runIds, false);
  eachJob((ids) => slurm.release(ids), jobIds);
  return jobIds;
}
