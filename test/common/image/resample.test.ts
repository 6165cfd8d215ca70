import { describe, expect, it } from 'vitest';
import { axisTaps, resizeCrop, type AxisTaps } from '../../../common/image/resample';

/** A LUT that reads gray bytes as 0..1. */
const IDENTITY = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Each output pixel's first source pixel and weights, from the flat table. */
function tapsOf({ start, first, weights }: AxisTaps): Array<{ start: number; weights: Float64Array }> {
  return Array.from(start, (s, i) => ({ start: s, weights: weights.subarray(first[i], first[i + 1]) }));
}

describe('axisTaps', () => {
  it('has weights summing to 1 and staying inside the source, shrinking or enlarging', () => {
    for (const [from, to] of [[100, 20], [37, 20], [20, 20], [3, 20], [1, 20], [450, 1]]) {
      const taps = tapsOf(axisTaps(from, to));
      expect(taps).toHaveLength(to);
      for (const { start, weights } of taps) {
        expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(start + weights.length).toBeLessThanOrEqual(from);
        for (const w of weights) expect(w).toBeGreaterThan(0);
      }
    }
  });

  it('gives every source pixel the same total weight when shrinking (area averaging)', () => {
    const from = 37;
    const to = 20;
    const received = new Float64Array(from);
    for (const { start, weights } of tapsOf(axisTaps(from, to))) weights.forEach((w, k) => (received[start + k] += w));
    for (const total of received) expect(total).toBeCloseTo(to / from, 10);
  });
});

describe('resizeCrop', () => {
  it('averages pairs when halving', () => {
    const gray = Uint8Array.from([0, 255, 255, 255, 0, 0, 51, 51]);
    const out = resizeCrop(gray, 4, IDENTITY, { x: 0, y: 0, width: 4, height: 2 }, 2, 1);
    expect(out[0]).toBeCloseTo((0 + 255 + 0 + 0) / 4 / 255, 6);
    expect(out[1]).toBeCloseTo((255 + 255 + 51 + 51) / 4 / 255, 6);
  });

  it('reads only the crop and keeps a flat area flat', () => {
    const width = 10;
    const gray = new Uint8Array(100).fill(255);
    for (let y = 2; y < 8; y++) for (let x = 3; x < 9; x++) gray[y * width + x] = 102;
    const out = resizeCrop(gray, width, IDENTITY, { x: 3, y: 2, width: 6, height: 6 }, 4, 4);
    for (const v of out) expect(v).toBeCloseTo(0.4, 6);
  });

  it('copies exactly at the same size and interpolates when enlarging', () => {
    const gray = Uint8Array.from([0, 255]);
    expect(Array.from(resizeCrop(gray, 2, IDENTITY, { x: 0, y: 0, width: 2, height: 1 }, 2, 1))).toEqual([0, 1]);
    const enlarged = resizeCrop(gray, 2, IDENTITY, { x: 0, y: 0, width: 2, height: 1 }, 8, 1);
    expect(enlarged[0]).toBe(0);
    expect(enlarged[7]).toBe(1);
    for (let i = 1; i < 8; i++) expect(enlarged[i]).toBeGreaterThanOrEqual(enlarged[i - 1]);
  });
});
