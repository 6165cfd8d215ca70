/**
 * Runs `publish` at most once per `intervalMs`, however often `request()` is called: the first
 * request publishes at once, later ones within the interval are gathered into one publish at
 * its end. The live view uses it so that a burst of training events costs one repaint.
 */
export class Throttle {
  #pending = false;
  #last = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly intervalMs: number,
    private readonly publish: () => void,
  ) {}

  request(): void {
    if (this.#pending) return;
    this.#pending = true;
    const wait = Math.max(0, this.#last + this.intervalMs - performance.now());
    this.#timer = setTimeout(() => {
      this.#pending = false;
      this.#timer = null;
      this.#last = performance.now();
      this.publish();
    }, wait);
  }

  /** Drops a publish that is waiting (the view was reset or closed). */
  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = false;
  }
}
