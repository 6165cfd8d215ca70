/**
 * The renderer's only door to the main side. `api` forwards to `window.api` when a call is made
 * (not when this module loads), so tests can install a fake `window.api` before rendering.
 * `call` unwraps a Result and throws a LabCallError for UI code that prefers try/catch.
 */
import type { CallName, LabApi, LabCalls, LabError } from '../../../common/ipc/contract';

function currentApi(): LabApi {
  const installed = (globalThis as { api?: LabApi }).api;
  if (!installed) {
    throw new Error('The lab API is not available: this page must be opened inside MNIST Lab.');
  }
  return installed;
}

export const api: LabApi = new Proxy({} as LabApi, {
  get(_target, property) {
    return Reflect.get(currentApi(), property);
  },
});

/** A failed call, carrying the structured error the main side returned. */
export class LabCallError extends Error {
  readonly error: LabError;
  readonly call: CallName;

  constructor(call: CallName, error: LabError) {
    super(error.message);
    this.name = 'LabCallError';
    this.error = error;
    this.call = call;
  }
}

export async function call<K extends CallName>(
  name: K,
  ...args: Parameters<LabCalls[K]>
): Promise<ReturnType<LabCalls[K]>> {
  const method = api[name] as (...a: Parameters<LabCalls[K]>) => ReturnType<LabApi[K]>;
  const result = await method(...args);
  if (!result.ok) throw new LabCallError(name, result.error);
  return result.value as ReturnType<LabCalls[K]>;
}

/** A message fit for a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof LabCallError) return error.error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
