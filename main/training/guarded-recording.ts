/**
 * Recording a run's events where the store may refuse them (a full disk, a broken database).
 * Progress that cannot be recorded would be lost without anyone knowing, so the run is to be
 * stopped, and its ending becomes a failure that says why. A full disk first gives up the space
 * reserve, so the point and the run's ending still fit. The training queue owns the runs and
 * stops them; this decides what is recorded.
 */
import type { EndingEvent, TrainingEvent } from '../../common/training/run';
import { diskFullMessage, isDiskFull } from '../store/disk-full';
import type { RunStore } from '../store/types';
import { recordEvent } from './recorder';

export class GuardedRecorder {
  /** Runs being stopped because their events could not be recorded, with the reason they will fail with. */
  private readonly unrecordable = new Map<number, string>();

  constructor(
    private readonly store: RunStore,
    /** Space set aside on the data folder's disk, released to record a run's ending when the disk is full. */
    private readonly spaceReserve: { release(): boolean } | undefined,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Records a progress event; true when it could not be, and the run must now be stopped. */
  progress(runId: number, e: TrainingEvent): boolean {
    const err = this.tryRecord(runId, e);
    if (!err || this.unrecordable.has(runId)) return false;
    let reason = describeRecordingFailure(err);
    if (isDiskFull(err) && this.spaceReserve?.release()) {
      reason = diskFullMessage('this run was stopped: its progress could not be recorded');
      this.tryRecord(runId, e);
    } else if (!isDiskFull(err)) {
      this.onError(err);
    }
    this.unrecordable.set(runId, reason);
    return true;
  }

  /** Records a run's ending; returns the ending that was recorded (a failure when the run had to be stopped). */
  ending(runId: number, event: EndingEvent): EndingEvent {
    const stoppedBecause = this.unrecordable.get(runId);
    const ending: EndingEvent = stoppedBecause ? { type: 'failed', message: stoppedBecause } : event;
    let err = this.tryRecord(runId, ending);
    if (err && isDiskFull(err) && this.spaceReserve?.release()) err = this.tryRecord(runId, ending);
    if (!err) return ending;
    // Completing needs the most room (test results): ending as failed may still fit.
    const failed: EndingEvent = { type: 'failed', message: describeRecordingFailure(err) };
    if (ending.type === 'done' && !this.tryRecord(runId, failed)) return failed;
    this.onError(err);
    return ending;
  }

  /** Forgets a run whose process is gone. */
  forget(runId: number): void {
    this.unrecordable.delete(runId);
  }

  private tryRecord(runId: number, e: TrainingEvent): unknown {
    try {
      recordEvent(this.store, runId, e);
      return null;
    } catch (err) {
      return err;
    }
  }
}

function describeRecordingFailure(err: unknown): string {
  if (isDiskFull(err)) return diskFullMessage('this run was stopped: its progress could not be recorded');
  const reason = err instanceof Error ? err.message : String(err);
  return `MNIST Lab could not record this run's progress, so it was stopped: ${reason}`;
}
