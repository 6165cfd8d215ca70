import { describe, expect, it } from 'vitest';
import { bandEdges, groupCurve, unevenLengths } from '../../../../renderer/src/lib/compare/group-curves';

const curve = (x: number[], y: number[]) => ({ x: Float64Array.from(x), y: Float64Array.from(y) });

/** Mean, sample std, min and max written out the long way, to check the module against. */
function byHand(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (values.length - 1)) : 0;
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

describe('group curves', () => {
  it('averages runs point by point, with spread, lowest and highest', () => {
    const runs = [curve([1, 2, 3], [0.5, 0.4, 0.3]), curve([1, 2, 3], [0.7, 0.5, 0.2]), curve([1, 2, 3], [0.6, 0.9, 0.25])];
    const group = groupCurve(runs);
    expect([...group.x]).toEqual([1, 2, 3]);
    expect(group.runs).toBe(3);
    for (let i = 0; i < 3; i++) {
      const expected = byHand(runs.map((r) => r.y[i]));
      expect(group.mean[i]).toBeCloseTo(expected.mean, 12);
      expect(group.std[i]).toBeCloseTo(expected.std, 12);
      expect(group.min[i]).toBe(expected.min);
      expect(group.max[i]).toBe(expected.max);
      expect(group.count[i]).toBe(3);
    }
    expect(unevenLengths(group)).toBe(false);
  });

  it('averages over the runs that have a point where runs have different lengths', () => {
    const group = groupCurve([curve([1, 2, 3, 4], [1, 2, 3, 4]), curve([1, 2], [3, 6])]);
    expect([...group.x]).toEqual([1, 2, 3, 4]);
    expect([...group.count]).toEqual([2, 2, 1, 1]);
    expect([...group.mean]).toEqual([2, 4, 3, 4]);
    expect(group.std[1]).toBeCloseTo(byHand([2, 6]).std, 12);
    // One run alone: no spread.
    expect(group.std[3]).toBe(0);
    expect(unevenLengths(group)).toBe(true);
  });

  it('lines runs up on the union of their x values and skips values that are not finite', () => {
    const group = groupCurve([curve([100, 200, 300], [1, NaN, 3]), curve([150, 300], [2, 5])]);
    expect([...group.x]).toEqual([100, 150, 200, 300]);
    expect([...group.count]).toEqual([1, 1, 0, 2]);
    expect(group.mean[3]).toBe(4);
    expect(Number.isNaN(group.mean[2])).toBe(true);
  });

  it('gives the band as lowest to highest or as mean ± one standard deviation', () => {
    const group = groupCurve([curve([1], [1]), curve([1], [2]), curve([1], [6])]);
    const expected = byHand([1, 2, 6]);
    expect(bandEdges(group, 'minMax')).toEqual({ lower: Float64Array.of(1), upper: Float64Array.of(6) });
    const { lower, upper } = bandEdges(group, 'std');
    expect(lower[0]).toBeCloseTo(expected.mean - expected.std, 12);
    expect(upper[0]).toBeCloseTo(expected.mean + expected.std, 12);
  });
});
