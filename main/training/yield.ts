/**
 * Lets queued I/O callbacks run (a 'cancel' message from the parent, a disconnect). Awaiting
 * tensor data is not enough: on the cpu and wasm backends it resolves as a microtask.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
