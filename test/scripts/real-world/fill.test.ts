/** The writers' rasteriser: outlines filled with exact coverage, and the pen made thicker or thinner. */
import { describe, expect, it } from 'vitest';
import { changeStroke, fillContours, type Contour } from '../../../scripts/real-world/fill';

/** How much of the pixel [x, x+1) x [y, y+1) the box covers, worked out from the overlap. */
function boxCoverage(box: { x0: number; y0: number; x1: number; y1: number }, x: number, y: number): number {
  const overlap = (lo: number, hi: number, p: number): number => Math.max(0, Math.min(hi, p + 1) - Math.max(lo, p));
  return overlap(box.x0, box.x1, x) * overlap(box.y0, box.y1, y);
}

const rectangle = (x0: number, y0: number, x1: number, y1: number): Contour => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

describe('fillContours', () => {
  it('covers each pixel of a box glyph by exactly the part of it inside the box', () => {
    // Edges on quarter pixels, which the sixteen scanlines per row resolve exactly.
    const box = { x0: 1.5, y0: 1.25, x1: 4.5, y1: 3.75 };
    const coverage = fillContours([rectangle(box.x0, box.y0, box.x1, box.y1)], 7, 6);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 7; x++) expect(coverage[y * 7 + x]).toBeCloseTo(boxCoverage(box, x, y), 5);
    expect(coverage.reduce((a, b) => a + b, 0)).toBeCloseTo((box.x1 - box.x0) * (box.y1 - box.y0), 5);
  });

  it('fills the same whichever way the outline runs', () => {
    const square = rectangle(2.3, 1.7, 7.9, 6.2);
    expect(fillContours([[...square].reverse()], 10, 9)).toEqual(fillContours([square], 10, 9));
  });

  it('leaves a counter-wound hole empty (a 0), and fills a same-wound inner outline (non-zero winding)', () => {
    const outer = rectangle(1, 1, 9, 9);
    const inner = rectangle(3, 3, 7, 7);
    const ring = fillContours([outer, [...inner].reverse()], 10, 10);
    const solid = fillContours([outer, inner], 10, 10);
    expect(ring[5 * 10 + 5]).toBe(0);
    expect(ring[2 * 10 + 2]).toBe(1);
    expect(solid[5 * 10 + 5]).toBe(1);
    expect(ring.reduce((a, b) => a + b, 0)).toBeCloseTo(64 - 16, 5);
  });

  it('anti-aliases a slanted edge: a triangle half-covers the pixels its diagonal cuts', () => {
    const coverage = fillContours([[[0, 0], [8, 0], [0, 8]]], 8, 8);
    expect(coverage.reduce((a, b) => a + b, 0)).toBeCloseTo(32, 1);
    for (let i = 0; i < 8; i++) expect(coverage[i * 8 + (7 - i)]).toBeCloseTo(0.5, 1);
  });
});

describe('changeStroke', () => {
  /** A vertical bar `width` pixels wide in the middle of a 21 x 5 canvas. */
  function bar(width: number): Float32Array {
    const out = new Float32Array(21 * 5);
    for (let y = 0; y < 5; y++) for (let x = 10 - (width - 1) / 2; x <= 10 + (width - 1) / 2; x++) out[y * 21 + x] = 1;
    return out;
  }
  const rowInk = (c: Float32Array): number => c.subarray(2 * 21, 3 * 21).reduce((a, b) => a + b, 0);

  it.each([0.5, 1, 1.7, 3])('moves each edge of a straight stroke out by a radius of %s pixels', (radius) => {
    expect(rowInk(changeStroke(bar(3), 21, 5, radius))).toBeCloseTo(3 + 2 * radius, 5);
  });

  it.each([0.5, 1, 2])('moves each edge in by %s pixels for a thinner pen', (radius) => {
    expect(rowInk(changeStroke(bar(7), 21, 5, -radius))).toBeCloseTo(7 - 2 * radius, 5);
  });

  it('keeps the ink as it is for a radius of 0', () => {
    expect(changeStroke(bar(3), 21, 5, 0)).toEqual(bar(3));
  });
});
