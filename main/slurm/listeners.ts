/** A set of listeners told in turn; one that throws is reported and the others are still told. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Returns the unsubscribe function. */
  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  tell(...args: A): void {
    for (const listener of this.set) {
      try {
        listener(...args);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
