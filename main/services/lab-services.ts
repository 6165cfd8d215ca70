/**
 * The lab's services, one object shared by every face of the app: the Electron IPC handlers, the
 * command line and the end-to-end test harness. Owns this process's connection to the run store,
 * its training queue and the event fan-out. Other processes (the app and command lines) may write
 * the same data folder at once: the change watcher brings what they do into the same events.
 */
import { mkdirSync } from 'node:fs';
import type { CallName, EventName, LabEvents, Result } from '../../common/ipc/contract';
import type { RunSummary } from '../../common/training/run';
import { databaseFile, runModelDir } from '../home';
import { toLabError } from '../ipc/errors';
import { validateArgs } from '../ipc/validate-input';
import { recoverModelFolders } from '../models/model-files';
import { DataFolderError } from '../store/errors';
import { describeOpenProblem } from '../store/open-problems';
import { openRunStore } from '../store/run-store';
import { spaceReserve } from '../store/space-reserve';
import type { RunStore } from '../store/types';
import { TrainingQueue } from '../training/queue';
import { createChildProcessRunner, type TrainingRunner } from '../training/runner';
import { SweepDriver } from '../sweeps/sweep-driver';
import { localTrialLauncher, routedTrialLauncher } from '../sweeps/trial-launcher';
import { SlurmRuns } from '../slurm/slurm-runs';
import type { SlurmCommands } from '../slurm/slurm-commands';
import type { WorkerCommand } from '../slurm/worker-command';
import { savedCompute } from '../slurm/saved-compute';
import { prepareWorkerAhead, workerNotCopied } from '../slurm/submission';
import { ChangeWatcher } from './change-watcher';
import { createHandlers, type CallHandlers } from './handlers';

export interface LabServicesOptions {
  homeDir: string;
  /** How training processes are started: child processes by default, Electron's utilityProcess in the app. */
  runner?: TrainingRunner;
  /** Slurm's commands (tests stand in for a missing sbatch), how often jobs are looked at, and what a job runs (worker-command.ts by default). */
  slurm?: { commands?: SlurmCommands; pollMs?: number; worker?: WorkerCommand };
}

export interface LabServices {
  readonly homeDir: string;
  readonly store: RunStore;
  readonly queue: TrainingQueue;
  /** Runs trained as Slurm jobs, followed by this process. */
  readonly slurm: SlurmRuns;
  readonly sweeps: SweepDriver;
  /** Typed handlers for callers that build their own arguments (the command line). They throw LabFailure. */
  readonly handlers: CallHandlers;
  /** Untrusted calls (IPC, the test harness): arguments validated, errors returned as values. */
  dispatch(name: CallName, args: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
  close(): Promise<void>;
}

const INTERRUPTED =
  'MNIST Lab stopped while this run was queued or training (the app or command line was closed or crashed). Metrics recorded until then are kept.';

type Listeners = { [E in EventName]: Set<(payload: LabEvents[E]) => void> };

/**
 * Opens the data folder and starts the services. A folder that cannot be used (a database from a
 * newer version, a damaged one, no access, a full disk) is refused with a DataFolderError whose
 * `problem` says which, having changed nothing; the app can then offer a fresh data folder.
 */
export async function createLabServices(opts: LabServicesOptions): Promise<LabServices> {
  const dbFile = databaseFile(opts.homeDir);
  try {
    mkdirSync(opts.homeDir, { recursive: true });
  } catch (error) {
    const opened = describeOpenProblem(dbFile, error);
    if (opened instanceof DataFolderError) throw opened;
    throw new DataFolderError('unreadable', dbFile, `MNIST Lab cannot create its data folder ${opts.homeDir}: ${String(error)}`, { cause: error });
  }
  const store = openRunStore(dbFile);
  const reserve = spaceReserve(opts.homeDir);
  reserve.ensure();
  // Only runs whose owning process is gone: another live process on this folder keeps its runs.
  const recoverModels = (ids: number[]): Promise<unknown> =>
    Promise.all(ids.map((id) => recoverModelFolders(runModelDir(opts.homeDir, id)).catch(() => undefined)));
  await recoverModels(store.recoverInterrupted(INTERRUPTED));
  const queue = new TrainingQueue({
    store,
    runner: opts.runner ?? createChildProcessRunner(),
    homeDir: opts.homeDir,
    spaceReserve: reserve,
  });

  const listeners: Listeners = { runEvent: new Set(), runChanged: new Set(), queueChanged: new Set(), sweepChanged: new Set() };
  const emit = <E extends EventName>(event: E, payload: LabEvents[E]): void => {
    for (const listener of listeners[event]) listener(payload);
  };
  // Each run as last announced. The watcher reads back this process's own writes as well (they
  // share the change sequence with everyone's): a run that is as announced is no news.
  const announced = new Map<number, string>();
  const announce = (run: RunSummary, onlyIfNews: boolean): void => {
    const text = JSON.stringify(run);
    if (onlyIfNews && announced.get(run.id) === text) return;
    announced.set(run.id, text);
    emit('runChanged', run);
  };
  const runChanged = (id: number): void => {
    const run = store.getRun(id);
    if (run) announce(run, false);
  };

  const offEvents = queue.on((runId, event) => {
    emit('runEvent', { runId, event });
    // Batch events are frequent and change nothing a table shows; everything else changes the run's row.
    if (event.type !== 'batch') runChanged(runId);
  });
  const slurm = new SlurmRuns({ store, homeDir: opts.homeDir, ...opts.slurm });
  const compute = savedCompute(store);
  if (compute.on === 'slurm' && !opts.slurm?.worker) prepareWorkerAhead(compute.slurm, workerNotCopied);
  const watcher = new ChangeWatcher({
    store,
    emit,
    announceRun: (run) => announce(run, true),
    localEntries: () => [...queue.entries(), ...slurm.entries()],
    cancelLocal: (id) => void (queue.cancel(id) || slurm.cancel(id)),
    interruptedReason: INTERRUPTED,
    onInterrupted: (ids) => void recoverModels(ids),
  });
  const offQueue = queue.onQueueChanged(() => emit('queueChanged', watcher.entries()));
  const offSlurmEvents = slurm.on((runId, event) => {
    emit('runEvent', { runId, event });
    if (event.type !== 'batch') runChanged(runId);
  });
  const offSlurmState = slurm.onStateChanged(() => emit('queueChanged', watcher.entries()));

  const sweeps = new SweepDriver({
    store,
    launcher: routedTrialLauncher(localTrialLauncher(store, queue, runChanged), store, slurm, runChanged),
    onRunEvent: (listener) => {
      const offs = [queue.on(listener), slurm.on(listener)];
      return () => offs.forEach((off) => off());
    },
    sweepChanged: (summary) => emit('sweepChanged', summary),
  });
  const offSlurmEnded = slurm.onEnded((runId) => {
    runChanged(runId);
    emit('queueChanged', watcher.entries());
    sweeps.trialEnded(runId);
  });
  // Jobs a closed or crashed process left in Slurm's hands are followed again from here.
  slurm.resume();
  const handlers = createHandlers({ homeDir: opts.homeDir, store, queue, slurm, slurmCommands: opts.slurm?.commands, sweeps, runChanged, elsewhere: watcher });

  return {
    homeDir: opts.homeDir,
    store,
    queue,
    slurm,
    sweeps,
    handlers,
    async dispatch(name, args) {
      if (!Object.hasOwn(handlers, name)) return { ok: false, error: { code: 'invalid-input', message: `Unknown call "${String(name)}".` } };
      try {
        const valid = validateArgs(name, args);
        const handler = handlers[name] as (...a: unknown[]) => unknown;
        return { ok: true, value: await handler(...valid) };
      } catch (error) {
        return { ok: false, error: toLabError(error) };
      }
    },
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    async close() {
      // First: trials cancelled by closing must not start the next ones. The sweep stays running
      // and the next process that resumes sweeps continues it.
      sweeps.close();
      // Slurm's jobs go on: the next process that opens this data folder follows them.
      slurm.close();
      offSlurmEvents();
      offSlurmState();
      offSlurmEnded();
      watcher.close();
      offEvents();
      offQueue();
      for (const entry of queue.entries()) queue.cancel(entry.runId);
      await queue.whenIdle();
      store.close();
    },
  };
}
