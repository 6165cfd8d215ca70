/** Keeping the digit's ink inside its surroundings must keep what a flood and dilation over the whole picture keep. */
import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../../common/image/components';
import { keepPieces } from '../../../common/image/keep';
import { plane, type Plane } from '../../../common/image/plane';
import { createRng } from '../../../common/training/random';

const FAINT = 0.2;

/** The plain way, over every pixel: flood from the kept pieces through faint ink, then clear what lies farther than `reach` (in x or y). */
function plainKeep(ink: Plane, labels: Int32Array, keep: Set<number>, reach: number): Float32Array {
  const { width, height, data } = ink;
  const kept = new Uint8Array(data.length);
  const stack: number[] = [];
  labels.forEach((label, i) => {
    if (!keep.has(label - 1)) return;
    kept[i] = 1;
    stack.push(i);
  });
  while (stack.length > 0) {
    const p = stack.pop()!;
    const [x, y] = [p % width, Math.floor(p / width)];
    for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
      for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
        const q = yy * width + xx;
        if (kept[q] || data[q] < FAINT) continue;
        kept[q] = 1;
        stack.push(q);
      }
    }
  }
  const out = data.slice();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let near = false;
      for (let yy = Math.max(0, y - reach); yy <= Math.min(height - 1, y + reach) && !near; yy++) {
        for (let xx = Math.max(0, x - reach); xx <= Math.min(width - 1, x + reach) && !near; xx++) near = kept[yy * width + xx] === 1;
      }
      if (!near) out[y * width + x] = 0;
    }
  }
  return out;
}

describe('keepPieces', () => {
  it('keeps the chosen pieces, the faint ink joined to them and what lies within reach, and nothing else, on random pictures', () => {
    const rng = createRng(21);
    for (let trial = 0; trial < 200; trial++) {
      const [width, height] = [2 + Math.floor(rng() * 40), 2 + Math.floor(rng() * 40)];
      // Solid blobs, faint haze and empty paper.
      const data = Float32Array.from({ length: width * height }, () => (rng() < 0.15 ? 0.5 + rng() / 2 : rng() < 0.3 ? 0.2 + rng() * 0.3 : rng() < 0.2 ? rng() * 0.2 : 0));
      const solid = Uint8Array.from(data, (v) => (v >= 0.5 ? 1 : 0));
      const pieces = labelComponents(solid, width, height);
      if (pieces.components.length === 0) continue;
      const keep = new Set(pieces.components.map((_, i) => i).filter(() => rng() < 0.4));
      keep.add(Math.floor(rng() * pieces.components.length));
      const reach = 1 + Math.floor(rng() * 4);
      const expected = plainKeep(plane(width, height, data), pieces.labels, keep, reach);
      const ink = plane(width, height, data.slice());
      const region = keepPieces(ink, pieces, keep, reach);
      expect(Array.from(ink.data)).toEqual(Array.from(expected));
      // Outside the region handed back there is nothing left.
      ink.data.forEach((v, i) => {
        const [x, y] = [i % width, Math.floor(i / width)];
        if (x < region.x || y < region.y || x >= region.x + region.width || y >= region.y + region.height) expect(v).toBe(0);
      });
    }
  });
});
