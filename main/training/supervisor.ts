/**
 * Supervises one training process, whatever started it (Node's child_process or Electron's
 * utilityProcess): sends the job, forwards its events, turns a silent death into a 'failed'
 * event with the reason, and enforces the cancel deadline. Both runners share all of this and
 * only adapt their process object to ProcessPort.
 */
import type { EndingEvent, TrainingEvent, TrainingJob } from '../../common/training/run';
import { isEnding, isTrainingEvent } from './events';
import type { ParentMessage } from './transport';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process wrote to stderr, when captured. */
  detail?: string;
}

/** A started training process, as the supervisor needs it. */
export interface ProcessPort {
  readonly pid: number | undefined;
  send(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, after the process ended and every message it sent was delivered. */
  onExit(listener: (exit: ProcessExit) => void): void;
  /** Ends the process at once (SIGKILL where there is one). */
  kill(): void;
}

export interface TrainingHandle {
  readonly pid: number | undefined;
  /** Asks the process to stop; if it has not ended within the grace period, kills it. */
  cancel(): void;
  /** The run's one ending event; never rejects. */
  readonly ended: Promise<EndingEvent>;
}

/** How long a cancelled process may take to stop by itself. */
export const CANCEL_GRACE_MS = 2000;

export function describeExit(exit: ProcessExit): string {
  const tail = exit.detail ? ` Last output: ${exit.detail}` : '';
  if (exit.signal === 'SIGKILL') {
    return 'The training process was killed (SIGKILL) — often the system ran out of memory.';
  }
  if (exit.signal) return `The training process was stopped by the signal ${exit.signal}.${tail}`;
  if (exit.code === 0 || exit.code === null) return `The training process exited without reporting a result.${tail}`;
  return `The training process exited unexpectedly (exit code ${exit.code}).${tail}`;
}

export function superviseTraining(
  open: () => ProcessPort | Promise<ProcessPort>,
  job: TrainingJob,
  onEvent: (e: TrainingEvent) => void,
  options: { cancelGraceMs?: number } = {},
): TrainingHandle {
  const graceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
  let port: ProcessPort | undefined;
  let ending: EndingEvent | undefined;
  let cancelRequested = false;
  let killTimer: NodeJS.Timeout | undefined;
  let resolveEnded: (e: EndingEvent) => void = () => undefined;
  const ended = new Promise<EndingEvent>((resolve) => (resolveEnded = resolve));

  const notify = (event: TrainingEvent): void => {
    try {
      onEvent(event);
    } catch (err) {
      // A listener bug must not leave the run without its ending; report and carry on.
      console.error(`Handling a training event of run ${job.runId} failed:`, err);
    }
  };

  const finish = (event: EndingEvent): void => {
    if (ending) return;
    ending = event;
    if (killTimer) clearTimeout(killTimer);
    notify(event);
    resolveEnded(event);
  };

  const requestStop = (p: ProcessPort): void => {
    try {
      p.send({ type: 'cancel' });
    } catch {
      // Channel already closed: the exit handler ends the run.
    }
    killTimer = setTimeout(() => {
      if (ending) return;
      p.kill();
      finish({ type: 'cancelled' });
    }, graceMs);
  };

  const attach = (p: ProcessPort): void => {
    port = p;
    p.onMessage((message) => {
      if (ending || !isTrainingEvent(message)) return;
      if (isEnding(message)) finish(message);
      else notify(message);
    });
    p.onExit((exit) => finish(cancelRequested ? { type: 'cancelled' } : { type: 'failed', message: describeExit(exit) }));
    try {
      p.send({ type: 'start', job });
    } catch {
      // The process died before it could take the job; its exit reports why.
    }
    if (cancelRequested) requestStop(p);
  };

  const failToStart = (err: unknown): void => {
    const reason = err instanceof Error ? err.message : String(err);
    finish({ type: 'failed', message: `Could not start the training process: ${reason}` });
  };

  try {
    const opened = open();
    if (opened instanceof Promise) opened.then(attach, failToStart);
    else attach(opened);
  } catch (err) {
    // Deferred so the caller holds the handle before hearing about the failure.
    queueMicrotask(() => failToStart(err));
  }

  return {
    get pid() {
      return port?.pid;
    },
    cancel() {
      if (ending || cancelRequested) return;
      cancelRequested = true;
      if (port) requestStop(port);
    },
    ended,
  };
}
