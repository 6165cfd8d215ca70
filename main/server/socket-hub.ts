/**
 * The served app's WebSocket side: every page's calls go through `services.dispatch` (the same
 * argument validation and typed errors as Electron's IPC), and every event of the services is
 * encoded once and pushed to all open pages, so several tabs see the same runs live.
 */
import type { WebSocket } from 'ws';
import { EVENT_NAMES, type EventName, type LabEvents } from '../../common/ipc/contract';
import { CLOSE_MALFORMED, CLOSE_SERVER_STOPPING, type CallMessage, type ServerMessage } from '../../common/ipc/socket-protocol';
import { decodeFrame, encodeFrame } from '../../common/ipc/wire';
import type { LabServices } from '../services/lab-services';

/**
 * A page that cannot keep up (a background tab, a slow tunnel) skips batch progress beyond this
 * much unsent data instead of growing the server's memory; every other event is still sent.
 */
const MAX_BUFFERED_PROGRESS_BYTES = 4 * 1024 * 1024;

function asCall(value: unknown): CallMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.type !== 'call' || !Number.isSafeInteger(m.id) || typeof m.name !== 'string' || !Array.isArray(m.args)) return null;
  return m as unknown as CallMessage;
}

export interface SocketHub {
  /** Takes over an accepted connection until it closes. */
  accept(socket: WebSocket): void;
  readonly size: number;
  /** Closes every connection ("going away") and stops listening to the services. */
  close(reason: string): void;
}

export function createSocketHub(services: LabServices): SocketHub {
  const sockets = new Set<WebSocket>();

  const broadcast = <E extends EventName>(name: E, payload: LabEvents[E]): void => {
    if (sockets.size === 0) return;
    const message = { type: 'event', name, payload } as ServerMessage;
    const frame = encodeFrame(message);
    const isProgress = name === 'runEvent' && (payload as LabEvents['runEvent']).event.type === 'batch';
    for (const socket of sockets) {
      if (socket.readyState !== socket.OPEN) continue;
      if (isProgress && socket.bufferedAmount > MAX_BUFFERED_PROGRESS_BYTES) continue;
      socket.send(frame);
    }
  };
  const offs = EVENT_NAMES.map((name) => services.on(name, (payload) => broadcast(name, payload)));

  const answer = async (socket: WebSocket, call: CallMessage): Promise<void> => {
    const result = await services.dispatch(call.name as never, call.args);
    if (socket.readyState === socket.OPEN) socket.send(encodeFrame({ type: 'result', id: call.id, result } satisfies ServerMessage));
  };

  return {
    accept(socket) {
      sockets.add(socket);
      socket.on('message', (data, isBinary) => {
        let call: CallMessage | null = null;
        if (isBinary) {
          const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
          try {
            call = asCall(decodeFrame(bytes));
          } catch {
            call = null;
          }
        }
        // Nothing can be answered without a call id: the sender is not this app's page.
        if (!call) {
          socket.close(CLOSE_MALFORMED, 'Not a call of the MNIST Lab API.');
          return;
        }
        void answer(socket, call);
      });
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => sockets.delete(socket));
    },
    get size() {
      return sockets.size;
    },
    close(reason) {
      for (const off of offs) off();
      for (const socket of sockets) socket.close(CLOSE_SERVER_STOPPING, reason);
      sockets.clear();
    },
  };
}
