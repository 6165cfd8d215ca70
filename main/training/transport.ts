/**
 * The training process's side of its channel to the parent. The same worker runs under
 * Node's child_process.fork (process.send / process.on('message')) and under Electron's
 * utilityProcess.fork (process.parentPort, whose messages arrive wrapped as `{ data }`).
 */
import type { TrainingEvent, TrainingJob } from '../../common/training/run';

export type ParentMessage = { type: 'start'; job: TrainingJob } | { type: 'cancel' };

export interface ParentChannel {
  readonly kind: 'child-process' | 'utility-process';
  /** Resolves once the message is handed to the operating system (or queued, for parentPort). */
  send(event: TrainingEvent): Promise<void>;
  onMessage(listener: (message: ParentMessage) => void): void;
  /** The parent went away: exit at once so no orphan keeps training. */
  onParentGone(listener: () => void): void;
}

/** The parts of Electron's ParentPort this module uses; typed here so Node builds need no Electron types. */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export function isParentMessage(value: unknown): value is ParentMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (type === 'cancel') return true;
  return type === 'start' && typeof (value as { job?: unknown }).job === 'object';
}

export function connectToParent(proc: NodeJS.Process = process): ParentChannel {
  const parentPort = (proc as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) return utilityProcessChannel(parentPort);
  if (typeof proc.send === 'function') return childProcessChannel(proc);
  throw new Error(
    'The training worker must be started by MNIST Lab (child_process.fork or utilityProcess.fork), not run directly.',
  );
}

function childProcessChannel(proc: NodeJS.Process): ParentChannel {
  return {
    kind: 'child-process',
    send: (event) =>
      new Promise((resolve) => {
        // A send after the parent left fails; the disconnect handler is already ending the process.
        if (!proc.connected || !proc.send) return resolve();
        proc.send(event, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => {
      proc.on('message', (message: unknown) => {
        if (isParentMessage(message)) listener(message);
      });
    },
    onParentGone: (listener) => {
      proc.on('disconnect', listener);
    },
  };
}

function utilityProcessChannel(port: ParentPortLike): ParentChannel {
  return {
    kind: 'utility-process',
    send: async (event) => {
      port.postMessage(event);
    },
    onMessage: (listener) => {
      port.on('message', (event) => {
        if (isParentMessage(event.data)) listener(event.data);
      });
    },
    onParentGone: (listener) => {
      port.on('close', listener);
    },
  };
}
