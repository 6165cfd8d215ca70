/**
 * Starts training processes with Electron's utilityProcess.fork (the app's way: no Node binary
 * needed, and Electron ties the process to the app's lifetime). Electron is imported lazily so
 * this module can be loaded, and type-checked, where no Electron binary exists.
 */
import type { UtilityProcess } from 'electron';
import { superviseTraining, type ProcessExit, type ProcessPort } from './supervisor';
import type { TrainingRunner } from './runner';

/** Chromium reports a signal death as 128 + the signal number on POSIX. */
function exitFromCode(code: number): ProcessExit {
  if (process.platform !== 'win32' && code === 128 + 9) return { code, signal: 'SIGKILL' };
  if (process.platform !== 'win32' && code === 128 + 15) return { code, signal: 'SIGTERM' };
  return { code, signal: null };
}

function utilityProcessPort(child: UtilityProcess): ProcessPort {
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', (message: unknown) => listener(message));
    },
    onExit: (listener) => {
      child.once('exit', (code) => listener(exitFromCode(code)));
    },
    kill: () => {
      // Electron's kill() is a SIGTERM that reaps the process; the worker stops on it at once.
      child.kill();
    },
  };
}

export function createUtilityProcessRunner(workerPath: string): TrainingRunner {
  return {
    start(job, onEvent) {
      const open = async (): Promise<ProcessPort> => {
        const { utilityProcess } = await import('electron');
        const child = utilityProcess.fork(workerPath, [], { serviceName: 'MNIST Lab training', stdio: 'ignore' });
        return utilityProcessPort(child);
      };
      return superviseTraining(open, job, onEvent);
    },
  };
}
