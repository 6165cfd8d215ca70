/** Real MNIST digits, blown up and printed dark on white, must come back as MNIST gave them. */
import { beforeAll, describe, expect, it } from 'vitest';
import { preprocessToMnist } from '../../../common/image/preprocess';
import { loadMnist, type MnistSet } from '../../../main/data/mnist';

const SCALE = 10;
const SIDE = 28 * SCALE;
const DIGITS = 100;

/** The digit upscaled 10x (each pixel a 10x10 block) as black ink on white paper, RGBA. */
function printed(digit: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(SIDE * SIDE * 4);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = 255 - digit[Math.floor(y / SCALE) * 28 + Math.floor(x / SCALE)];
      data.set([v, v, v, 255], (y * SIDE + x) * 4);
    }
  }
  return { width: SIDE, height: SIDE, data };
}

/** Correlation of a with b moved by (dx, dy) pixels. */
function shiftedCorrelation(a: Float32Array, b: Float32Array, dx: number, dy: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const va = a[y * 28 + x];
      const inside = x + dx >= 0 && x + dx < 28 && y + dy >= 0 && y + dy < 28;
      const vb = inside ? b[(y + dy) * 28 + x + dx] : 0;
      ab += va * vb;
      aa += va * va;
      bb += vb * vb;
    }
  }
  return ab / Math.sqrt(aa * bb);
}

let set: MnistSet;
beforeAll(async () => {
  set = await loadMnist();
});

describe('preprocessToMnist on real MNIST digits', () => {
  it('recovers the original 28x28 digit from a 280x280 black-on-white print', () => {
    let alignedExactly = 0;
    for (let i = 0; i < DIGITS; i++) {
      const digit = set.test.images.subarray(i * 784, (i + 1) * 784);
      const original = Float32Array.from(digit, (v) => v / 255);
      // The geometry alone (find, fit 20x20, centre): deskewing, stroke-width normalisation and the
      // default ink threshold (which drops the faintest 30% of the range, MNIST's soft edge with it)
      // change MNIST's own digits on purpose, and are measured by the benches instead.
      const result = preprocessToMnist(printed(digit), { skip: ['deskew', 'stroke-width'], noiseThreshold: 0.1 });
      expect(result.inverted).toBe(true);
      expect(result.noDigit).toBeNull();

      // MNIST's own centres of mass lie within half a pixel of (14, 14), as ours do, so a digit
      // right on that boundary may land one pixel over: allow that shift, nothing more.
      let best = { correlation: -1, dx: 0, dy: 0 };
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const correlation = shiftedCorrelation(original, result.pixels, dx, dy);
          if (correlation > best.correlation) best = { correlation, dx, dy };
        }
      }
      expect(best.correlation, `test digit ${i}`).toBeGreaterThan(0.98);
      if (best.dx === 0 && best.dy === 0) alignedExactly++;
    }
    expect(alignedExactly).toBeGreaterThanOrEqual(0.9 * DIGITS);
  });

  it("keeps a print's strokes with the default ink threshold, losing only their faint edge", () => {
    let worst = 1;
    for (let i = 0; i < DIGITS; i++) {
      const digit = set.test.images.subarray(i * 784, (i + 1) * 784);
      const original = Float32Array.from(digit, (v) => v / 255);
      const result = preprocessToMnist(printed(digit), { skip: ['deskew', 'stroke-width'] });
      let best = -1;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) best = Math.max(best, shiftedCorrelation(original, result.pixels, dx, dy));
      }
      worst = Math.min(worst, best);
    }
    expect(worst).toBeGreaterThan(0.97);
  });
});
