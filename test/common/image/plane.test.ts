/** The bounding box that skips rows and columns already settled must be the plain scan's. */
import { describe, expect, it } from 'vitest';
import { plane, planeBoundingBox } from '../../../common/image/plane';
import type { Rect } from '../../../common/image/resample';
import { createRng } from '../../../common/training/random';

/** Every pixel of `within` looked at: the box of the values above 0. */
function plainBox(data: Float32Array, width: number, within: Rect): Rect | null {
  let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
  for (let y = within.y; y < within.y + within.height; y++) {
    for (let x = within.x; x < within.x + within.width; x++) {
      if (data[y * width + x] > 0) [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  return right < 0 ? null : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

describe('planeBoundingBox', () => {
  it('finds the box of the values above 0, in the whole plane or only within a rectangle', () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 500; trial++) {
      const [width, height] = [1 + Math.floor(rng() * 30), 1 + Math.floor(rng() * 30)];
      const density = rng() * rng() * 0.3;
      // Some negative values too: only values above 0 count.
      const data = Float32Array.from({ length: width * height }, () => (rng() < density ? rng() : rng() < 0.1 ? -0.5 : 0));
      const whole = { x: 0, y: 0, width, height };
      expect(planeBoundingBox(plane(width, height, data))).toEqual(plainBox(data, width, whole));
      const x = Math.floor(rng() * width);
      const y = Math.floor(rng() * height);
      const within = { x, y, width: 1 + Math.floor(rng() * (width - x)), height: 1 + Math.floor(rng() * (height - y)) };
      expect(planeBoundingBox(plane(width, height, data), within)).toEqual(plainBox(data, width, within));
    }
  });
});
