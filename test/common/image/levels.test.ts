import { describe, expect, it } from 'vitest';
import { backgroundLevel, histogramOf, inkLevels } from '../../../common/image/levels';
import { createRng } from '../../../common/training/random';

function image(width: number, height: number, background: number): Uint8Array {
  return new Uint8Array(width * height).fill(background);
}

describe('backgroundLevel', () => {
  it('is the median of the frame, unmoved by strokes that cross it', () => {
    const gray = image(50, 50, 230);
    for (let i = 0; i < 50; i++) gray[i * 50 + 25] = 0; // a line through top and bottom edges
    for (let i = 10; i < 40; i++) for (let j = 10; j < 40; j++) gray[i * 50 + j] = 0; // a large blob inside
    expect(backgroundLevel(gray, 50, 50)).toBe(230);
  });
});

describe('inkLevels', () => {
  const opts = { polarity: 'auto' as const, noiseThreshold: 0.1 };

  it('maps background to 0 and ink to 1, inverting dark ink', () => {
    const gray = image(20, 20, 240);
    for (let i = 5; i < 15; i++) gray[i * 20 + 10] = 40;
    const levels = inkLevels(gray, 20, 20, opts);
    expect(levels.inverted).toBe(true);
    expect(levels.background).toBe(240);
    expect(levels.lut![240]).toBe(0);
    expect(levels.lut![40]).toBe(1);
    // Just darker than the paper is noise, not ink.
    expect(levels.lut![225]).toBe(0);
    expect(levels.lut![140]).toBeGreaterThan(0.3);
    expect(levels.lut![140]).toBeLessThan(0.6);
  });

  it('keeps light ink on dark as it is', () => {
    const gray = image(20, 20, 10);
    for (let i = 5; i < 15; i++) gray[i * 20 + 10] = 200;
    const levels = inkLevels(gray, 20, 20, opts);
    expect(levels.inverted).toBe(false);
    expect(levels.lut![10]).toBe(0);
    expect(levels.lut![200]).toBe(1);
    expect(levels.lut![255]).toBe(1);
  });

  it('finds no ink in a flat or nearly flat image', () => {
    const gray = image(20, 20, 128);
    gray[55] = 140;
    expect(inkLevels(gray, 20, 20, opts).lut).toBeNull();
  });
});

describe('histogramOf', () => {
  it('counts every pixel once at its level, whatever the length (also not a multiple of four)', () => {
    const rng = createRng(3);
    for (const length of [0, 1, 3, 4, 5, 257, 1001]) {
      const gray = Uint8Array.from({ length }, () => (rng() < 0.7 ? 250 : Math.floor(rng() * 256)));
      const expected = new Array(256).fill(0);
      for (const v of gray) expected[v]++;
      expect(Array.from(histogramOf(gray))).toEqual(expected);
    }
  });
});
