/**
 * Runs trained as Slurm jobs, followed by this process, the one writer of the store: it submits
 * runs as job arrays, reads each job's events file on the shared folder and records every event as
 * the local queue would (then tells listeners), watches squeue for pending reasons and for jobs
 * that left the queue, and ends a job that left without its ending as `interrupted` with Slurm's
 * reason. Jobs in flight are in the store (migration 009): `resume` follows them again after a
 * restart, from the byte where the last follower stopped.
 */
import type { SlurmSettings } from '../../common/compute/compute-target';
import type { QueueEntry, RunSummary, TrainingEvent } from '../../common/training/run';
import type { SlurmJobRow } from '../store/slurm-job-store';
import type { RunStore } from '../store/types';
import { isEnding } from '../training/events';
import { readEventLog } from '../training/event-log';
import { EVENTS_FILE } from '../training/file-job';
import { recordEvent } from '../training/recorder';
import { holdWaitingJobs, releaseJobs } from './hold';
import { interruptedReason, outputTail } from './interrupted-reason';
import { Listeners } from './listeners';
import { bringHome } from './move-models';
import { SYSTEM_SLURM, type JobState, type SlurmCommands } from './slurm-commands';
import { handOver, type WorkerCommand } from './submission';
import { join } from 'node:path';

export interface SlurmRunsOptions {
  store: RunStore;
  homeDir: string;
  commands?: SlurmCommands;
  worker?: WorkerCommand;
  /** How often files and squeue are read; default 1 s. */
  pollMs?: number;
  onError?: (err: unknown) => void;
}

/** How often jobs whose follower died meanwhile are looked for. */
const ADOPT_EVERY_MS = 5000;
/** Slurm states of a job that has not ended yet. */
const LIVE_STATES = new Set(['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'STOPPED']);

export class SlurmRuns {
  private readonly store: RunStore;
  private readonly homeDir: string;
  private readonly slurm: SlurmCommands;
  private readonly worker: WorkerCommand | undefined;
  private readonly pollMs: number;
  private readonly onError: (err: unknown) => void;
  /** Runs this process follows, by run id. */
  private readonly followed = new Map<number, SlurmJobRow>();
  private readonly events: Listeners<[number, TrainingEvent]>;
  private readonly endings: Listeners<[number]>;
  private readonly states: Listeners<[number, JobState]>;
  private readonly waiters = new Map<number, ((run: RunSummary) => void)[]>();
  private timer: NodeJS.Timeout | null = null;
  private adoptTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private closed = false;

  constructor(opts: SlurmRunsOptions) {
    this.store = opts.store;
    this.homeDir = opts.homeDir;
    this.slurm = opts.commands ?? SYSTEM_SLURM;
    this.worker = opts.worker;
    this.pollMs = opts.pollMs ?? 1000;
    this.onError = opts.onError ?? ((err) => console.error('Slurm runs:', err));
    this.events = new Listeners(this.onError);
    this.endings = new Listeners(this.onError);
    this.states = new Listeners(this.onError);
  }

  /**
   * Submits queued runs as one job array. Their rows are stored before sbatch runs; when sbatch
   * refuses, the runs fail with Slurm's words and nothing stays queued.
   */
  submit(runIds: readonly number[], settings: SlurmSettings): void {
    const runs = runIds.map((id) => this.store.getRun(id)).filter((r): r is RunSummary => r !== null);
    if (runs.length === 0) return;
    const handed = handOver(this.store, this.slurm, runs, settings, this.worker);
    if (!handed.ok) for (const run of runs) this.end(run.id, { type: 'failed', message: handed.message });
    else for (const run of runs) this.follow(run.id);
  }

  /** True when this process follows the run (or took it over to cancel it); false when it is not a Slurm run in flight. */
  cancel(runId: number): boolean {
    let row = this.followed.get(runId) ?? null;
    if (!row) {
      // A job whose follower is gone is taken over, so that its ending is recorded here.
      row = this.store.slurm.inFlightToFollow().find((r) => r.runId === runId) ?? null;
      if (!row || !this.store.slurm.claim(row)) return false;
      this.follow(runId);
    }
    this.store.slurm.requestCancel(runId);
    this.followed.set(runId, { ...row, cancelRequested: true });
    if (row.jobId) {
      try {
        this.slurm.scancel(row.jobId);
      } catch (error) {
        this.onError(error);
      }
    }
    void this.poll();
    return true;
  }

  /** At start-up: follows again every job in flight whose follower is gone. Returns their run ids. */
  resume(): number[] {
    if (this.closed) return [];
    // Also later, now and then: a job whose follower dies while this process is open is followed here.
    this.adoptTimer ??= setInterval(() => {
      try {
        this.resume();
      } catch (error) {
        this.onError(error);
      }
    }, ADOPT_EVERY_MS).unref();
    // Claimed one by one: of two processes starting at once, only one follows each job.
    const rows = this.store.slurm.inFlightToFollow().filter((r) => !this.followed.has(r.runId) && this.store.slurm.claim(r));
    for (const row of rows) {
      if (row.jobId === null) void this.findLostJobId(row).then((found) => found && this.follow(row.runId));
      else this.follow(row.runId);
    }
    if (rows.length > 0) void this.poll();
    return rows.map((r) => r.runId);
  }

  /** A paused sweep's trials: those still waiting in Slurm's queue are held there (hold.ts). */
  hold(runIds: readonly number[]): string[] {
    return holdWaitingJobs(this.store, this.slurm, runIds);
  }

  release(runIds: readonly number[]): string[] {
    return releaseJobs(this.store, this.slurm, runIds);
  }

  holds(runId: number): boolean {
    return this.followed.has(runId);
  }

  entries(): QueueEntry[] {
    return [...this.followed.values()].map((row) => {
      const running = this.store.getRun(row.runId)?.status === 'running';
      return {
        runId: row.runId,
        status: running ? 'running' : 'queued',
        position: 0,
        slurm: { jobId: row.jobId, state: row.state, reason: row.reason },
      };
    });
  }

  on(listener: (runId: number, event: TrainingEvent) => void): () => void {
    return this.events.add(listener);
  }

  /** Every ending, `interrupted` included (which no TrainingEvent stands for). */
  onEnded(listener: (runId: number) => void): () => void {
    return this.endings.add(listener);
  }

  /** Slurm's state and reason of a followed job, when they change (a pending reason, running). */
  onStateChanged(listener: (runId: number, state: JobState) => void): () => void {
    return this.states.add(listener);
  }

  /** Resolves with the run once it has ended (at once when this process does not follow it). */
  waitFor(runId: number): Promise<RunSummary> {
    const run = this.store.getRun(runId);
    if (!this.followed.has(runId) && run) return Promise.resolve(run);
    return new Promise((resolve) => this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), resolve]));
  }

  /** Stops following; the jobs go on in Slurm and the next process to start follows them. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.adoptTimer) clearInterval(this.adoptTimer);
    this.timer = null;
    this.adoptTimer = null;
  }

  private follow(runId: number): void {
    const row = this.store.slurm.get(runId);
    if (!row || row.endedAt !== null || this.closed) return;
    this.followed.set(runId, row);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed || this.followed.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll().finally(() => this.schedule());
    }, this.pollMs);
  }

  /** One look at a time: a look asked for while one is under way is that one. */
  private poll(): Promise<void> {
    this.polling ??= this.look()
      .catch((error: unknown) => this.onError(error))
      .finally(() => (this.polling = null));
    return this.polling;
  }

  /** One look at every followed job: new events first, then what Slurm says. */
  private async look(): Promise<void> {
    for (const runId of [...this.followed.keys()]) this.readEvents(runId);
    // Only the jobs asked about are judged: one submitted while squeue answers is in the next look.
    const asked = [...this.followed.values()];
    if (asked.length === 0) return;
    let queued: Map<string, JobState>;
    try {
      queued = await this.slurm.queued([...new Set(asked.map((r) => r.submission))]);
    } catch (error) {
      // Slurm unreachable for a moment (slurmctld restarting): keep following, decide nothing.
      this.onError(error);
      return;
    }
    for (const { runId } of asked) {
      const row = this.followed.get(runId);
      if (!row || row.jobId === null || this.closed) continue;
      const state = queued.get(row.jobId);
      if (state && LIVE_STATES.has(state.state)) this.noteState(row, state);
      else await this.jobLeft(row);
    }
  }

  private noteState(row: SlurmJobRow, state: JobState): void {
    if (row.state === state.state && row.reason === state.reason) return;
    this.store.slurm.setState(row.runId, state.state, state.reason);
    this.followed.set(row.runId, { ...row, state: state.state, reason: state.reason });
    this.states.tell(row.runId, state);
  }

  /** Records the events written since the last read, each batch with the offset in one transaction. */
  private readEvents(runId: number): void {
    const row = this.followed.get(runId);
    if (!row) return;
    let read;
    try {
      read = readEventLog(join(row.runDir, EVENTS_FILE), row.eventsOffset);
    } catch (error) {
      this.onError(error);
      return;
    }
    for (const problem of read.problems) this.onError(new Error(`Run ${runId}: ${problem}`));
    for (const { event, end } of read.events) {
      if (isEnding(event)) return this.end(runId, event, end);
      try {
        this.store.slurm.recordThen(runId, end, () => recordEvent(this.store, runId, event));
      } catch (error) {
        this.onError(error);
        return;
      }
      this.followed.set(runId, { ...row, eventsOffset: end });
      this.events.tell(runId, event);
    }
    if (read.end !== row.eventsOffset) this.followed.set(runId, { ...this.followed.get(runId)!, eventsOffset: read.end });
  }

  /** The job is no longer in Slurm's queue: its last lines, then its ending. */
  private async jobLeft(row: SlurmJobRow): Promise<void> {
    this.readEvents(row.runId);
    if (!this.followed.has(row.runId)) return;
    const current = this.store.slurm.get(row.runId);
    if (current?.cancelRequested) return this.end(row.runId, { type: 'cancelled' });
    let known: JobState | null = null;
    try {
      known = await this.slurm.showJob(row.jobId!);
    } catch (error) {
      this.onError(error);
    }
    // Still queued after all (squeue and scontrol disagreed for a moment), or this process is closing.
    if ((known && LIVE_STATES.has(known.state)) || this.closed || !this.followed.has(row.runId)) return;
    this.end(row.runId, null, undefined, interruptedReason(row.jobId!, known, outputTail(row.runDir)));
  }

  /** Records a run's ending (or `interrupted` with the reason), moves its model files home, forgets the job. */
  private end(runId: number, event: Extract<TrainingEvent, { type: 'done' | 'diverged' | 'cancelled' | 'failed' }> | null, offset?: number, reason?: string): void {
    const row = this.store.slurm.get(runId);
    try {
      this.store.slurm.recordThen(runId, offset ?? row?.eventsOffset ?? 0, () => {
        const status = this.store.getRun(runId)?.status;
        if (status === 'queued' || status === 'running') {
          if (event) recordEvent(this.store, runId, event);
          else this.store.finishRun(runId, 'interrupted', reason ?? null);
        }
        this.store.slurm.markEnded(runId);
      });
    } catch (error) {
      this.onError(error);
      // Not recorded (the database busy, the disk full): its files stay, and the next look tries again.
      if (this.followed.has(runId)) return;
    }
    this.followed.delete(runId);
    if (row) {
      try {
        bringHome(row.runDir, runId, this.homeDir);
      } catch (error) {
        this.onError(error);
      }
    }
    if (event) this.events.tell(runId, event);
    this.endings.tell(runId);
    const run = this.store.getRun(runId);
    const waiters = this.waiters.get(runId) ?? [];
    this.waiters.delete(runId);
    if (run) for (const resolve of waiters) resolve(run);
  }

  /** Only the process that submitted knows a job id it never wrote down; find it by the submission's name. */
  private async findLostJobId(row: SlurmJobRow): Promise<boolean> {
    try {
      const found = [...(await this.slurm.queued([row.submission])).keys()].find((id) => id.endsWith(`_${row.taskIndex}`));
      if (this.closed) return false;
      if (found) {
        this.store.slurm.setJobIds(row.submission, found.slice(0, found.lastIndexOf('_')));
        return true;
      }
    } catch (error) {
      this.onError(error);
    }
    this.end(row.runId, null, undefined, 'MNIST Lab stopped while handing this run to Slurm, and Slurm has no job for it: it never trained. Re-run it to train it.');
    return false;
  }
}
