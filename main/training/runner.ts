/**
 * Starts training processes with Node's child_process.fork: used by the CLI and the tests.
 * The Electron app uses utility-runner.ts; both share supervisor.ts.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TrainingEvent, TrainingJob } from '../../common/training/run';
import { freshBuiltEntry } from './fresh-build';
import { superviseTraining, type ProcessPort, type TrainingHandle } from './supervisor';

export type { TrainingHandle } from './supervisor';
export type { EndingEvent } from '../../common/training/run';

export interface TrainingRunner {
  start(job: TrainingJob, onEvent: (e: TrainingEvent) => void): TrainingHandle;
}

export interface ChildProcessRunnerOptions {
  /** Defaults to the build (out/main/worker.js) while it is up to date, else worker.ts beside this file. */
  workerPath?: string;
  /** Defaults to loading tsx where the TypeScript worker runs, so it runs under plain Node. */
  execArgv?: string[];
  /** Defaults to 2 s. */
  cancelGraceMs?: number;
}

const DEFAULT_WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** The worker's entry in the build (electron.vite.config.ts). */
const BUILT_WORKER = 'worker.js';

/**
 * `--import tsx` is resolved from the current directory, which is wherever the user ran the CLI:
 * resolve tsx from here instead and pass its absolute URL.
 */
function tsxLoaderArgs(): string[] {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

/** Keeps the end of what a process writes to stderr, to explain a crash. */
const STDERR_TAIL_CHARS = 2000;

/**
 * The part of a dead process's stderr worth showing: Node's own error line when there is one
 * (its uncaught-error dumps end with stack frames and a version banner), else the last lines.
 */
export function summarizeStderr(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Node\.js v\d/.test(line) && !line.startsWith('at '));
  const errorLine = lines.findLast((line) => /^([A-Z]\w*)?Error\b.*:/.test(line));
  if (errorLine) return errorLine;
  const kept = lines.slice(-3).join(' | ');
  return kept || undefined;
}

export function childProcessPort(workerPath: string, execArgv: string[]): ProcessPort {
  const child = fork(workerPath, [], {
    execArgv,
    // 'advanced' keeps NaN and Infinity (a diverging run's loss) that JSON would turn into null.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  // Without an 'error' listener a failed send or spawn would crash the parent.
  child.on('error', () => undefined);
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (!child.connected) throw new Error('The training process is no longer connected.');
      child.send(message);
    },
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onExit: (listener) => {
      // 'close' (not 'exit') comes after the IPC channel drained, so no event is lost.
      child.once('close', (code, signal) => listener({ code, signal, detail: summarizeStderr(stderrTail) }));
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}

/** The worker a run starts: the given one, else the build while it is up to date (fresh-build.ts), else the source. */
function chooseWorker(opts: ChildProcessRunnerOptions): { workerPath: string; execArgv: string[] } {
  const built = opts.workerPath === undefined && opts.execArgv === undefined ? freshBuiltEntry(BUILT_WORKER) : null;
  if (built) return { workerPath: built, execArgv: [] };
  return { workerPath: opts.workerPath ?? DEFAULT_WORKER, execArgv: opts.execArgv ?? tsxLoaderArgs() };
}

export function createChildProcessRunner(opts: ChildProcessRunnerOptions = {}): TrainingRunner {
  return {
    start(job, onEvent) {
      // Chosen at every start: a build made or a source edited while the app runs counts from the next run.
      const { workerPath, execArgv } = chooseWorker(opts);
      return superviseTraining(() => childProcessPort(workerPath, execArgv), job, onEvent, {
        cancelGraceMs: opts.cancelGraceMs,
      });
    },
  };
}
