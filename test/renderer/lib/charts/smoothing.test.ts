import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emaDebiased, movingAverage, smooth } from '../../../../renderer/src/lib/charts/smoothing';

/** The textbook definition, written independently of the implementation under test. */
function referenceEma(values: number[], weight: number): number[] {
  const out: number[] = [];
  let biased = 0;
  values.forEach((v, i) => {
    biased = weight * biased + (1 - weight) * v;
    out.push(biased / (1 - weight ** (i + 1)));
  });
  return out;
}

describe('emaDebiased', () => {
  it('starts at the first value instead of lagging from zero', () => {
    const out = emaDebiased([2, 2, 2, 2], 0.9);
    for (const v of out) expect(v).toBeCloseTo(2, 12);
  });

  it('matches the debiased EMA definition', () => {
    const values = [1, 0.5, 0.8, 0.3, 0.25, 0.4];
    const out = emaDebiased(values, 0.6);
    referenceEma(values, 0.6).forEach((expected, i) => expect(out[i]).toBeCloseTo(expected, 12));
  });

  it('with weight 0 returns the values unchanged', () => {
    expect(Array.from(emaDebiased([3, 1, 4, 1, 5], 0))).toEqual([3, 1, 4, 1, 5]);
  });

  it('keeps non-finite values in place without spreading them', () => {
    const out = emaDebiased([1, NaN, 1, Infinity, 1], 0.5);
    expect(out[1]).toBeNaN();
    expect(out[3]).toBe(Infinity);
    expect(out[0]).toBeCloseTo(1);
    expect(out[2]).toBeCloseTo(1);
    expect(out[4]).toBeCloseTo(1);
  });

  it('always stays within the range of the values seen so far', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (values, weight) => {
          const out = emaDebiased(values, weight);
          let lo = Infinity;
          let hi = -Infinity;
          values.forEach((v, i) => {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            const tolerance = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
            expect(out[i]).toBeGreaterThanOrEqual(lo - tolerance);
            expect(out[i]).toBeLessThanOrEqual(hi + tolerance);
          });
        },
      ),
    );
  });
});

describe('movingAverage', () => {
  it('averages the trailing window, with shorter windows at the start', () => {
    expect(Array.from(movingAverage([1, 2, 3, 4, 5, 6], 3))).toEqual([1, 1.5, 2, 3, 4, 5]);
  });

  it('with a window of 1 returns the values unchanged', () => {
    expect(Array.from(movingAverage([5, 1, 3], 1))).toEqual([5, 1, 3]);
  });

  it('skips non-finite values in the window', () => {
    const out = movingAverage([2, NaN, 4, 6], 2);
    expect(out[0]).toBe(2);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(3);
    expect(out[3]).toBe(5);
  });

  it('equals the mean of the last window values for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        (values, window) => {
          const out = movingAverage(values, window);
          values.forEach((_, i) => {
            const slice = values.slice(Math.max(0, i - window + 1), i + 1);
            const mean = slice.reduce((a, b) => a + b, 0) / slice.length;
            expect(out[i]).toBeCloseTo(mean, 6);
          });
        },
      ),
    );
  });
});

describe('smooth', () => {
  it('dispatches on the chosen kind', () => {
    const values = [4, 2, 6, 0];
    expect(smooth(values, { kind: 'none' })).toBe(values);
    expect(Array.from(smooth(values, { kind: 'movingAverage', window: 2 }))).toEqual([4, 3, 4, 3]);
    expect(Array.from(smooth(values, { kind: 'ema', weight: 0.5 }))).toEqual(Array.from(emaDebiased(values, 0.5)));
  });
});
