/**
 * The messages of the served app's one WebSocket (see main/server): the page sends calls, the
 * server answers each with the contract's Result and pushes the contract's events to every page.
 * Every message is one frame of ./wire.
 */
import type { EventName, LabEvents, Result } from './contract';

/** Where the served page opens its socket, relative to the page. */
export const SOCKET_PATH = '/api/socket';

export interface CallMessage {
  type: 'call';
  /** Chosen by the page; the answer carries it back. */
  id: number;
  name: string;
  args: unknown[];
}

export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { [E in EventName]: { type: 'event'; name: E; payload: LabEvents[E] } }[EventName];

/** WebSocket close codes the server uses beyond the standard ones (4000-4999 are the application's). */
export const CLOSE_SERVER_STOPPING = 1001;
export const CLOSE_MALFORMED = 1007;
export const CLOSE_TOO_BIG = 1009;
