import { describe, expect, it } from 'vitest';
import { alignSeries, unionOfX } from '../../../../renderer/src/lib/charts/align';

describe('unionOfX', () => {
  it('merges the x values of all series, sorted and without repeats', () => {
    const xs = unionOfX([
      { label: 'a', x: [1, 3, 5], y: [0, 0, 0] },
      { label: 'b', x: new Float64Array([2, 3, 6]), y: new Float64Array([0, 0, 0]) },
    ]);
    expect(Array.from(xs)).toEqual([1, 2, 3, 5, 6]);
  });

  it('drops non-finite x values', () => {
    expect(Array.from(unionOfX([{ label: 'a', x: [NaN, 1, Infinity], y: [1, 2, 3] }]))).toEqual([1]);
  });
});

describe('alignSeries', () => {
  it('spreads each series onto the union, leaving undefined where it has no point', () => {
    const [xs, a, b] = alignSeries([
      { label: 'a', x: [1, 3], y: [10, 30] },
      { label: 'b', x: [2, 3], y: [20, 31] },
    ]);
    expect(Array.from(xs)).toEqual([1, 2, 3]);
    expect(a).toEqual([10, undefined, 30]);
    expect(b).toEqual([undefined, 20, 31]);
  });

  it('marks non-finite values as null so the line breaks there', () => {
    const [, a] = alignSeries([{ label: 'diverged', x: [1, 2, 3], y: [0.5, NaN, Infinity] }]);
    expect(a).toEqual([0.5, null, null]);
  });

  it('accepts series whose x is not sorted', () => {
    const [xs, a] = alignSeries([{ label: 'a', x: [3, 1, 2], y: [30, 10, 20] }]);
    expect(Array.from(xs)).toEqual([1, 2, 3]);
    expect(a).toEqual([10, 20, 30]);
  });

  it('handles no series at all', () => {
    const data = alignSeries([]);
    expect(data).toHaveLength(1);
    expect(data[0]).toHaveLength(0);
  });
});
