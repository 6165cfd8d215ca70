/**
 * A growable (x, y) series in typed arrays. Appending is amortised O(1) and `view()` returns
 * new Float64Array views over the filled part without copying, so a live chart can be handed
 * fresh arrays on every update even when thousands of points have arrived.
 */
export interface SeriesView {
  x: Float64Array;
  y: Float64Array;
}

export class SeriesBuffer {
  #x: Float64Array;
  #y: Float64Array;
  #length = 0;

  constructor(initialCapacity = 256) {
    this.#x = new Float64Array(initialCapacity);
    this.#y = new Float64Array(initialCapacity);
  }

  get length(): number {
    return this.#length;
  }

  /** Appends a point; a point at an x not after the last one replaces the tail from there on. */
  push(x: number, y: number): void {
    // Events can repeat a step (a resent last batch); keep x ascending as charts require.
    while (this.#length > 0 && this.#x[this.#length - 1] >= x) this.#length--;
    if (this.#length === this.#x.length) this.#grow();
    this.#x[this.#length] = x;
    this.#y[this.#length] = y;
    this.#length++;
  }

  clear(): void {
    this.#length = 0;
  }

  view(): SeriesView {
    return { x: this.#x.subarray(0, this.#length), y: this.#y.subarray(0, this.#length) };
  }

  #grow(): void {
    const x = new Float64Array(this.#x.length * 2);
    const y = new Float64Array(this.#y.length * 2);
    x.set(this.#x);
    y.set(this.#y);
    this.#x = x;
    this.#y = y;
  }
}
