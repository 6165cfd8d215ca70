/** Evening out the light: a phone photo's shadow must come out as paper, not ink. */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flattenLighting, nthLowest } from '../../../common/image/lighting';
import { preprocessToMnist } from '../../../common/image/preprocess';
import { createRng } from '../../../common/training/random';
import { decodeImage } from '../../../main/images/decode';
import { realWorldSetDir } from '../../../main/inference/real-world-set';
import { BLACK, WHITE, canvas, drawSeven, setPixel } from './draw';

/** Paper lit from one side, with a soft round shadow (a phone, a hand) centred at (sx, sy). */
function shadowedPaper(side: number, sx: number, sy: number, depth = 0.45): (x: number, y: number) => number {
  return (x, y) => (0.6 + (0.4 * x) / side) * (1 - depth * Math.max(0, 1 - Math.hypot(x - sx, y - sy) / (0.45 * side)));
}

describe('flattenLighting', () => {
  it('brings shadowed, unevenly lit paper with no ink back to one level', () => {
    const side = 120;
    const light = shadowedPaper(side, 90, 100);
    const gray = new Uint8Array(side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) gray[y * side + x] = Math.round(245 * light(x, y));
    const flat = flattenLighting(gray, side, side, true);
    // Before: the shadow's core is under half the bright paper's level.
    expect(Math.min(...gray)).toBeLessThan(0.5 * Math.max(...gray));
    // After: the shadow's core keeps at least two thirds of the paper's level, far from ink.
    expect(Math.min(...flat)).toBeGreaterThan((2 / 3) * 245);
  });

  it.each([
    { sx: 105, sy: 70, depth: 0.45 },
    { sx: 85, sy: 85, depth: 0.45 },
  ])('finds the digit whole and only it beside a shadow at ($sx, $sy), as in even light', ({ sx, sy, depth }) => {
    const side = 120;
    const light = shadowedPaper(side, sx, sy, depth);
    const img = canvas(side, side, WHITE);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) { const v = Math.round(245 * light(x, y)); setPixel(img, x, y, [v, v, v, 255]); }
    drawSeven(img, 25, 20, 60, [40, 40, 40, 255]);
    const reference = canvas(side, side, WHITE);
    drawSeven(reference, 25, 20, 60, BLACK);
    expect(preprocessToMnist(img).bbox).toEqual(preprocessToMnist(reference).bbox);
  });

  it("keeps a thick marker's stroke that fills a corner of an evenly lit picture as ink", async () => {
    // A 2 whose wide base fills the bottom of the frame, so the frame looks uneven and is flattened.
    const img = await decodeImage(new Uint8Array(await readFile(join(realWorldSetDir(), 'marker-2-2.png'))), 'marker-2-2.png');
    const flattened = preprocessToMnist(img).pixels;
    const asItIs = preprocessToMnist(img, { skip: ['flatten-light'] }).pixels;
    const difference = flattened.reduce((sum, v, i) => sum + Math.abs(v - asItIs[i]), 0) / flattened.length;
    expect(difference).toBeLessThan(0.01);
  });
});

describe('nthLowest', () => {
  it('gives every position of a window what sorting it as a typed array gives, ties and short windows included', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rng() * 25);
      // Few distinct levels, so that ties are common.
      const values = Float64Array.from({ length: 25 }, () => Math.floor(rng() * 6) * 40);
      const sorted = Float32Array.from(values.subarray(0, n)).sort();
      for (let nth = 0; nth < n; nth++) expect(nthLowest(values.slice(), n, nth)).toBe(sorted[nth]);
    }
  });
});
