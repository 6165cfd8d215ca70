/** Which status changes a run may make. Anything else is a bug in the caller or a race. */
import type { RunStatus } from '../../common/training/run';
import { RunStateError } from './errors';

const ALLOWED: Record<RunStatus, readonly RunStatus[]> = {
  // A queued run has not trained: it can start, or end without results.
  queued: ['running', 'cancelled', 'failed', 'interrupted'],
  running: ['completed', 'cancelled', 'diverged', 'failed', 'interrupted'],
  completed: [],
  cancelled: [],
  diverged: [],
  failed: [],
  interrupted: [],
};

export function canChangeStatus(from: RunStatus, to: RunStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertStatusChange(runId: number, from: RunStatus, to: RunStatus): void {
  if (canChangeStatus(from, to)) return;
  if (ALLOWED[from].length === 0) {
    throw new RunStateError(`Run ${runId} has already finished (${from}); it cannot become ${to}.`);
  }
  if (to === 'running') {
    throw new RunStateError(`Run ${runId} is ${from}; only a queued run can start running.`);
  }
  throw new RunStateError(`Run ${runId} is ${from}; it cannot become ${to} without running first.`);
}

/** Deleting a run that is still queued or training would leave a job writing to a hidden run. */
export function assertDeletable(runId: number, status: RunStatus): void {
  if (status === 'queued' || status === 'running') {
    throw new RunStateError(`Run ${runId} is ${status}; cancel it before deleting it.`);
  }
}
