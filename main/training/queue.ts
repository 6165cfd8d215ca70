/**
 * The training queue: runs created as 'queued' in the store are started one at a time (or
 * `concurrency` at a time) in training processes. Every event is recorded in the store before
 * listeners hear of it, so a listener that reads the store sees the event's effect. A run whose
 * process fails never stops the queue: the next run starts.
 */
import { join } from 'node:path';
import type { EndingEvent, QueueEntry, RunSummary, TrainingEvent, TrainingJob } from '../../common/training/run';
import { recoverModelFolders } from '../models/model-files';
import type { RunStore } from '../store/types';
import { isEnding } from './events';
import { GuardedRecorder } from './guarded-recording';
import type { TrainingHandle, TrainingRunner } from './runner';
import { realWorldSetDir } from '../inference/real-world-set';

export interface TrainingQueueOptions {
  store: RunStore;
  runner: TrainingRunner;
  /** Data folder; models go to <homeDir>/models/<runId>. */
  homeDir: string;
  /** Runs trained at the same time; default 1. */
  concurrency?: number;
  /** Where problems that cannot be reported as run events go; default console.error. */
  onError?: (err: unknown) => void;
  /** Space set aside on the data folder's disk, released to record a run's ending when the disk is full. */
  spaceReserve?: { release(): boolean };
}

export type RunEventListener = (runId: number, e: TrainingEvent) => void;
export type QueueListener = (entries: QueueEntry[]) => void;

interface Settlers {
  resolve: (run: RunSummary) => void;
  reject: (err: Error) => void;
}

export class TrainingQueue {
  private readonly store: RunStore;
  private readonly runner: TrainingRunner;
  private readonly homeDir: string;
  private concurrency: number;
  private readonly onError: (err: unknown) => void;
  private readonly waiting: number[] = [];
  private readonly running = new Map<number, TrainingHandle>();
  private readonly eventListeners = new Set<RunEventListener>();
  private readonly queueListeners = new Set<QueueListener>();
  private readonly finishWaiters = new Map<number, Array<Settlers>>();
  private readonly recording: GuardedRecorder;
  /** Running runs whose ending was already recorded: their process is on its way out. */
  private readonly ending = new Set<number>();
  private idleWaiters: Array<() => void> = [];

  constructor(opts: TrainingQueueOptions) {
    this.store = opts.store;
    this.runner = opts.runner;
    this.homeDir = opts.homeDir;
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
    this.onError = opts.onError ?? ((err) => console.error('Training queue:', err));
    this.recording = new GuardedRecorder(opts.store, opts.spaceReserve, this.onError);
  }

  /** Queues a run already created in the store with status 'queued'. */
  enqueue(runId: number): void {
    const run = this.store.getRun(runId);
    if (!run) throw new Error(`Run ${runId} does not exist.`);
    if (run.status !== 'queued') throw new Error(`Run ${runId} is ${run.status}; only queued runs can be trained.`);
    if (this.isQueued(runId)) return;
    this.waiting.push(runId);
    this.queueChanged();
    this.startWaiting();
  }

  /** How many runs may train at once from now on (a sweep training several trials at once raises it). */
  setConcurrency(runs: number): void {
    this.concurrency = Math.max(1, Math.floor(runs));
    this.startWaiting();
  }

  /** Cancels a queued or running run; false when the queue does not hold it. */
  cancel(runId: number): boolean {
    const handle = this.running.get(runId);
    if (handle) {
      // A runner may report the ending inside cancel(): it is asked once, and its ending recorded once.
      if (!this.ending.has(runId)) handle.cancel();
      return true;
    }
    const index = this.waiting.indexOf(runId);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    // Never started: there is no process to tell, the queue ends the run itself.
    this.deliver(runId, { type: 'cancelled' });
    this.settle(runId);
    this.queueChanged();
    this.notifyIfIdle();
    return true;
  }

  entries(): QueueEntry[] {
    const running: QueueEntry[] = [...this.running.keys()].map((runId) => ({ runId, status: 'running', position: 0 }));
    const waiting: QueueEntry[] = this.waiting.map((runId, i) => ({ runId, status: 'queued', position: i + 1 }));
    return [...running, ...waiting];
  }

  /** Every event of every run, after it was recorded. Returns an unsubscribe function. */
  on(listener: RunEventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onQueueChanged(listener: QueueListener): () => void {
    this.queueListeners.add(listener);
    return () => this.queueListeners.delete(listener);
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves with the run once it has finished (at once if it is not in the queue). */
  waitFor(runId: number): Promise<RunSummary> {
    if (!this.isQueued(runId)) {
      const run = this.store.getRun(runId);
      return run ? Promise.resolve(run) : Promise.reject(new Error(`Run ${runId} does not exist.`));
    }
    return new Promise((resolve, reject) => {
      const waiters = this.finishWaiters.get(runId) ?? [];
      waiters.push({ resolve, reject });
      this.finishWaiters.set(runId, waiters);
    });
  }

  /** Cancels everything, e.g. when the app quits; resolves once running processes ended. */
  async cancelAll(): Promise<void> {
    for (const runId of [...this.waiting]) this.cancel(runId);
    const endings = [...this.running].map(([runId, handle]) => {
      this.cancel(runId);
      return handle.ended;
    });
    await Promise.all(endings);
    await this.whenIdle();
  }

  private isQueued(runId: number): boolean {
    return this.running.has(runId) || this.waiting.includes(runId);
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.waiting.length === 0;
  }

  private startWaiting(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const runId = this.waiting.shift();
      if (runId !== undefined) this.startRun(runId);
    }
    this.notifyIfIdle();
  }

  private startRun(runId: number): void {
    const run = this.store.getRun(runId);
    if (!run) {
      this.onError(new Error(`Run ${runId} disappeared from the store before it could start.`));
      this.settle(runId);
      return;
    }
    const job: TrainingJob = {
      runId,
      layers: run.layers,
      hyperparameters: run.hyperparameters,
      modelDir: join(this.homeDir, 'models', String(runId)),
      homeDir: this.homeDir,
      realWorldDir: realWorldSetDir(),
    };
    let handle: TrainingHandle;
    // A run ends once: whatever its process sends after its ending is not recorded.
    let over = false;
    const onEvent = (e: TrainingEvent): void => {
      if (over) return;
      if (isEnding(e)) {
        over = true;
        this.ending.add(runId);
      }
      this.deliver(runId, e);
    };
    try {
      handle = this.runner.start(job, onEvent);
    } catch (err) {
      this.ending.delete(runId);
      if (over) return this.settle(runId);
      const reason = err instanceof Error ? err.message : String(err);
      this.deliver(runId, { type: 'failed', message: `Could not start the training process: ${reason}` });
      this.settle(runId);
      return;
    }
    this.running.set(runId, handle);
    this.queueChanged();
    // The runner delivers the ending event through onEvent before `ended` resolves. The process
    // is gone by then, so a save it was killed in the middle of can be put back in order.
    void handle.ended
      .then(() => recoverModelFolders(job.modelDir))
      .catch((err: unknown) => this.onError(err))
      .then(() => this.afterRun(runId))
      .catch((err: unknown) => this.onError(err));
  }

  private afterRun(runId: number): void {
    this.running.delete(runId);
    this.ending.delete(runId);
    this.recording.forget(runId);
    this.settle(runId);
    this.queueChanged();
    this.startWaiting();
  }

  private deliver(runId: number, event: TrainingEvent): void {
    const e = isEnding(event) ? this.recording.ending(runId, event) : event;
    if (!isEnding(e) && this.recording.progress(runId, e)) this.running.get(runId)?.cancel();
    for (const listener of this.eventListeners) {
      try {
        listener(runId, e);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  private settle(runId: number): void {
    const waiters = this.finishWaiters.get(runId);
    if (!waiters) return;
    this.finishWaiters.delete(runId);
    const run = this.store.getRun(runId);
    for (const { resolve, reject } of waiters) {
      if (run) resolve(run);
      else reject(new Error(`Run ${runId} is no longer in the store.`));
    }
  }

  private queueChanged(): void {
    const entries = this.entries();
    for (const listener of this.queueListeners) {
      try {
        listener(entries);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
