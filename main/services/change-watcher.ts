/**
 * Keeps this process's listeners in step with the other MNIST Lab processes on the same data
 * folder (the app or `mnist-lab serve`, and command lines, each with its own training queue).
 * Every few hundred milliseconds it asks SQLite whether another connection wrote (PRAGMA
 * data_version: nothing else is read while nobody did); when one did, it announces the runs and
 * sweeps that changed, replays the progress of runs trained elsewhere as run events, lists those
 * runs with the queue, and cancels this process's runs that another process asked to cancel.
 * Every couple of seconds it also checks that the owners of runs trained elsewhere are alive, so a
 * command line killed mid-run leaves an interrupted run, not one that trains forever.
 */
import type { EventName, LabEvents } from '../../common/ipc/contract';
import type { QueueEntry, RunSummary } from '../../common/training/run';
import { LabFailure } from '../ipc/errors';
import { isOwnerGone } from '../store/owner';
import type { ChangeCursor, RecordedPoint, UnfinishedRun } from '../store/run-changes';
import type { RunStore } from '../store/types';
import { sweepSummary } from '../sweeps/sweep-summary';
import { ProgressFromPoints } from './progress-from-points';

/** Often enough that another process's run shows within a second; data_version costs microseconds. */
const POLL_MS = 250;
/** Owners are checked every this many polls (about two seconds). */
const OWNER_CHECK_EVERY = 8;

export interface ChangeWatcherOptions {
  store: RunStore;
  emit<E extends EventName>(event: E, payload: LabEvents[E]): void;
  /** Announces a run that changed ('runChanged'), unless it is as last announced. */
  announceRun(run: RunSummary): void;
  /** This process's own queue, whose runs' events the queue itself reports. */
  localEntries(): QueueEntry[];
  /** Cancels a run of this process's queue, as the user's own cancel does. */
  cancelLocal(runId: number): void;
  /** Why a run whose owner is gone is marked interrupted. */
  interruptedReason: string;
  /** Called with runs just marked interrupted, whose model folders may need putting in order. */
  onInterrupted(ids: number[]): void;
  pollMs?: number;
}

export class ChangeWatcher {
  private readonly store: RunStore;
  private readonly opts: ChangeWatcherOptions;
  private readonly progress = new ProgressFromPoints();
  private readonly timer: NodeJS.Timeout;
  private version: number;
  private cursor: ChangeCursor;
  private polls = 0;
  private closed = false;
  private elsewhere: QueueEntry[] = [];
  /** Cancel requests already passed to the queue. */
  private readonly honoured = new Set<number>();

  constructor(opts: ChangeWatcherOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.version = this.store.changes.dataVersion();
    this.cursor = this.store.changes.cursor();
    this.elsewhere = this.entriesElsewhere();
    this.timer = setInterval(() => this.poll(), opts.pollMs ?? POLL_MS);
    // A command line that is done must be able to exit while this still runs.
    this.timer.unref();
  }

  /** This process's queue, then the runs other processes hold, each marked with its process. */
  entries(): QueueEntry[] {
    return [...this.opts.localEntries(), ...this.elsewhere];
  }

  /**
   * Cancels a queued or running run that this process's queue does not hold: asks its owner to,
   * or, when the owner is gone, marks it interrupted and says so.
   */
  cancelElsewhere(runId: number): void {
    const run = this.store.changes.unfinishedElsewhere().find((r) => r.id === runId);
    if (!run) throw new LabFailure('conflict', `Run ${runId} is not in any training queue: there is nothing to cancel.`);
    if (isOwnerGone(run.owner)) {
      this.interruptOrphans();
      const pid = run.owner.pid === null ? '' : ` (process ${run.owner.pid})`;
      throw new LabFailure(
        'conflict',
        `Run ${runId} could not be cancelled: the MNIST Lab process that was training it${pid} has ended. It is now marked interrupted; what it recorded is kept.`,
      );
    }
    this.store.changes.requestCancel(runId, process.pid);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** One look at the database. */
  private poll(): void {
    if (this.closed) return;
    try {
      this.polls += 1;
      const version = this.store.changes.dataVersion();
      if (version !== this.version) {
        this.version = version;
        this.readChanges();
      }
      if (this.polls % OWNER_CHECK_EVERY === 0 && this.elsewhere.length > 0) this.checkOwners();
    } catch (error) {
      // A database busy for longer than its timeout must not stop the watching: the next poll retries.
      if (!this.closed) console.error('Watching the data folder for other processes:', error);
    }
  }

  private readChanges(): void {
    const changes = this.store.changes.since(this.cursor);
    this.cursor = changes.cursor;
    this.honourCancelRequests();
    // Progress first, then the runs' rows: a run that ended since the last look ends after its last epoch.
    for (const [runId, points] of byRun(changes.points)) {
      const run = this.store.getRun(runId);
      if (!run) continue;
      for (const event of this.progress.events(run, points)) this.opts.emit('runEvent', { runId, event });
    }
    const sweepIds = new Set(changes.sweepIds);
    for (const id of changes.runIds) {
      const run = this.store.getRun(id);
      if (!run) continue;
      this.opts.announceRun(run);
      const trial = this.store.sweeps.trialOfRun(id);
      if (trial) sweepIds.add(trial.sweepId);
      if (run.status !== 'queued' && run.status !== 'running') this.progress.forget(id);
    }
    for (const id of sweepIds) {
      const sweep = this.store.sweeps.get(id);
      if (sweep) this.opts.emit('sweepChanged', sweepSummary(this.store, sweep));
    }
    this.refreshElsewhere();
  }

  private honourCancelRequests(): void {
    const held = new Set(this.opts.localEntries().map((e) => e.runId));
    for (const id of this.store.changes.cancelRequestedHere()) {
      if (this.honoured.has(id) || !held.has(id)) continue;
      this.honoured.add(id);
      this.opts.cancelLocal(id);
    }
  }

  private checkOwners(): void {
    if (this.store.changes.unfinishedElsewhere().some((r) => isOwnerGone(r.owner))) this.interruptOrphans();
  }

  private interruptOrphans(): void {
    const ids = this.store.recoverInterrupted(this.opts.interruptedReason);
    if (ids.length === 0) return;
    this.opts.onInterrupted(ids);
    for (const id of ids) {
      const run = this.store.getRun(id);
      if (run) this.opts.announceRun(run);
      this.progress.forget(id);
    }
    this.refreshElsewhere();
  }

  private refreshElsewhere(): void {
    const next = this.entriesElsewhere();
    if (JSON.stringify(next) === JSON.stringify(this.elsewhere)) return;
    this.elsewhere = next;
    this.opts.emit('queueChanged', this.entries());
  }

  private entriesElsewhere(): QueueEntry[] {
    return queueEntriesElsewhere(this.store.changes.unfinishedElsewhere());
  }
}

/** Per owning process, as its own queue numbers them: the running run first, then waiting ones in order. */
function queueEntriesElsewhere(runs: UnfinishedRun[]): QueueEntry[] {
  const waiting = new Map<number, number>();
  return runs
    .filter((r) => r.owner.pid !== null)
    .sort((a, b) => (a.status === b.status ? a.id - b.id : a.status === 'running' ? -1 : 1))
    .map((r) => {
      const pid = r.owner.pid ?? 0;
      const position = r.status === 'running' ? 0 : (waiting.get(pid) ?? 0) + 1;
      if (r.status === 'queued') waiting.set(pid, position);
      return { runId: r.id, status: r.status, position, otherProcess: { pid } };
    });
}

function byRun(points: RecordedPoint[]): Map<number, RecordedPoint[]> {
  const runs = new Map<number, RecordedPoint[]>();
  for (const p of points) {
    const list = runs.get(p.runId);
    if (list) list.push(p);
    else runs.set(p.runId, [p]);
  }
  return runs;
}
