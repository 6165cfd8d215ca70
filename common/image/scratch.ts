/**
 * Working arrays kept from one picture to the next. A new typed array costs microseconds whatever
 * it is used for (its memory is allocated and zeroed apart from the JS heap, and tracked by the
 * garbage collector): a 50 KB one took 2.5-4.5 µs here, more once sharp is loaded, about as long
 * as a pass over a 100-pixel picture, and reading one picture took dozens of them.
 *
 * Each step that works in one holds its own Scratch. What a Scratch hands out stays valid only
 * until it hands out the next one, so it is for a step's own working space, never for what the
 * step returns or keeps. (Reading is synchronous: no other picture's reading can run in between.)
 */

type NumberArray = Uint8Array | Int32Array | Float32Array | Float64Array;

export class Scratch<T extends NumberArray> {
  private buffer: T;

  constructor(private readonly make: (length: number) => T) {
    this.buffer = make(0);
  }

  /** `length` elements, all 0. */
  zeroed(length: number): T {
    const view = this.unset(length);
    view.fill(0);
    return view;
  }

  /** `length` elements holding whatever was left there: for space the step writes before it reads. */
  unset(length: number): T {
    // Grown by at least half again: a series of slightly larger pictures does not allocate each time.
    if (this.buffer.length < length) this.buffer = this.make(Math.max(length, Math.ceil(this.buffer.length * 1.5)));
    return this.buffer.subarray(0, length) as T;
  }
}
