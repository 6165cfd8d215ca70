/**
 * Builds a `LabApi` from two transport functions. The Electron preload uses it over ipcRenderer;
 * the browser test harness uses it over Playwright bindings, so both expose exactly the same API.
 */
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName, type LabApi, type LabEvents, type Result } from './contract';

export interface ApiTransport {
  invoke(name: CallName, args: unknown[]): Promise<Result<unknown>>;
  subscribe<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
}

export function createApiClient(transport: ApiTransport): LabApi {
  const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, (...args: unknown[]) => transport.invoke(name, args)]));
  const on = <E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): (() => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event "${String(event)}".`);
    return transport.subscribe(event, listener);
  };
  return Object.freeze({ ...calls, on }) as LabApi;
}
