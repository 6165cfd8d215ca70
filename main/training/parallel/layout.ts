/**
 * Where each trainable variable lives in a flat Float32Array shared between worker threads:
 * weights travel from the primary to the replicas, and gradients back, through such buffers
 * instead of messages, so a step copies memory once and serialises nothing.
 */
export class ParameterLayout {
  readonly offsets: number[];
  readonly sizes: number[];
  readonly total: number;

  constructor(readonly shapes: number[][]) {
    this.sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
    this.offsets = [];
    let offset = 0;
    for (const size of this.sizes) {
      this.offsets.push(offset);
      offset += size;
    }
    this.total = offset;
  }

  /** A SharedArrayBuffer big enough for one full set of values. */
  allocate(): SharedArrayBuffer {
    return new SharedArrayBuffer(this.total * Float32Array.BYTES_PER_ELEMENT);
  }

  /** Variable `index`'s values within `buffer`, without copying. */
  view(buffer: SharedArrayBuffer, index: number): Float32Array {
    return new Float32Array(buffer, this.offsets[index] * Float32Array.BYTES_PER_ELEMENT, this.sizes[index]);
  }

  /** Whether another side's variables line up with this layout (same count, same shapes, same order). */
  matches(shapes: number[][]): boolean {
    return shapes.length === this.shapes.length && shapes.every((shape, i) => shape.join('x') === this.shapes[i].join('x'));
  }
}
