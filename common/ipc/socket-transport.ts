/**
 * An ApiTransport over a WebSocket: the served page's (a browser WebSocket) and the server tests'
 * (the `ws` package's client), through the same createApiClient as Electron's preload. Calls made
 * before the socket opens wait for it; a lost connection fails the calls in flight with an
 * 'unavailable' Result and is re-opened with back-off, keeping every event listener.
 */
import { EVENT_NAMES, type CallName, type EventName, type LabEvents, type Result } from './contract';
import type { ApiTransport } from './client';
import type { CallMessage, ServerMessage } from './socket-protocol';
import { decodeFrame, encodeFrame } from './wire';

/** What this transport needs of a WebSocket; the browser's and `ws`'s both have it. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface SocketTransportOptions {
  open(): SocketLike;
  /** Told when the connection opens or drops (it keeps retrying after a drop). */
  onState?(state: ConnectionState, detail: string): void;
  /** Delays between reconnection attempts; the last repeats. */
  retryDelaysMs?: readonly number[];
}

export interface SocketTransport extends ApiTransport {
  /** Closes the socket for good: calls after this fail as 'unavailable'. */
  close(): void;
}

const OPEN = 1;
const DEFAULT_RETRY_MS = [250, 500, 1000, 2000, 5000];
const GIVE_HINT_AFTER = 3;

const unavailable = (message: string): Result<unknown> => ({ ok: false, error: { code: 'unavailable', message } });

function frameBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

export function createSocketTransport(options: SocketTransportOptions): SocketTransport {
  const retry = options.retryDelaysMs ?? DEFAULT_RETRY_MS;
  const listeners = new Map<EventName, Set<(payload: never) => void>>(EVENT_NAMES.map((name) => [name, new Set()]));
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let waitingToSend: Uint8Array[] = [];
  let socket: SocketLike | null = null;
  let nextId = 0;
  let failures = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const failPending = (message: string): void => {
    for (const settle of pending.values()) settle(unavailable(message));
    pending.clear();
    waitingToSend = [];
  };

  const deliver = (message: ServerMessage): void => {
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
      return;
    }
    const { name, payload } = message;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        (listener as (p: typeof payload) => void)(payload);
      } catch (error) {
        console.error(error);
      }
    }
  };

  const connect = (): void => {
    options.onState?.('connecting', failures === 0 ? 'Connecting to the lab server' : `Reconnecting (attempt ${failures + 1})`);
    const current = options.open();
    socket = current;
    current.binaryType = 'arraybuffer';
    current.onopen = () => {
      failures = 0;
      options.onState?.('open', 'Connected');
      for (const frame of waitingToSend) current.send(frame);
      waitingToSend = [];
    };
    current.onmessage = ({ data }) => {
      const bytes = frameBytes(data);
      if (!bytes) return;
      try {
        deliver(decodeFrame(bytes) as ServerMessage);
      } catch (error) {
        console.error('MNIST Lab: a message from the server could not be read.', error);
      }
    };
    current.onerror = () => undefined;
    current.onclose = ({ code, reason }) => {
      if (socket !== current) return;
      socket = null;
      const why = reason.replace(/\.$/, '') || `code ${code}`;
      failPending(`The connection to the MNIST Lab server was lost (${why}). Is \`mnist-lab serve\` still running?`);
      if (closed) return;
      const delay = retry[Math.min(failures, retry.length - 1)];
      failures++;
      const retrying = `retrying in ${Math.round(delay / 100) / 10} s`;
      // A restarted server has a new token: past a few tries, the page needs its new address.
      const hint = failures >= GIVE_HINT_AFTER ? ' If `mnist-lab serve` was restarted, open the new address it printed.' : '';
      options.onState?.('lost', `The connection to the MNIST Lab server was lost (${why}); ${retrying}.${hint}`);
      retryTimer = setTimeout(connect, delay);
    };
  };

  connect();

  return {
    invoke(name: CallName, args: unknown[]): Promise<Result<unknown>> {
      if (closed) return Promise.resolve(unavailable('The connection to the MNIST Lab server is closed.'));
      // Between a lost connection and the next attempt nothing would carry the call.
      if (!socket) return Promise.resolve(unavailable('The MNIST Lab server cannot be reached right now; retrying.'));
      const id = ++nextId;
      const message: CallMessage = { type: 'call', id, name, args };
      const frame = encodeFrame(message);
      return new Promise((settle) => {
        pending.set(id, settle);
        if (socket?.readyState === OPEN) socket.send(frame);
        else waitingToSend.push(frame);
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event)!;
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      failPending('The connection to the MNIST Lab server is closed.');
      socket?.close(1000, 'closed by the page');
      socket = null;
    },
  };
}
