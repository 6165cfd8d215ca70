import { describe, expect, it } from 'vitest';
import { categoryScale, formatNumber, linearScale, logScale } from '../../../../renderer/src/lib/sweeps/scales';

describe('sweep chart scales', () => {
  it('places values linearly between the lowest and highest', () => {
    const scale = linearScale([10, 30, 20]);
    expect(scale.position(10)).toBe(0);
    expect(scale.position(30)).toBe(1);
    expect(scale.position(25)).toBeCloseTo(0.75);
    expect(scale.position('x')).toBeNull();
    const ticks = scale.ticks();
    expect(ticks.map((t) => t.label)).toEqual(['10', '15', '20', '25', '30']);
    for (const t of ticks) expect(t.at).toBeCloseTo(scale.position(Number(t.label)) as number);
  });

  it('places values by their logarithm and ticks each power of ten', () => {
    const scale = logScale([0.0001, 0.01]);
    expect(scale.position(0.001)).toBeCloseTo(0.5);
    expect(scale.position(0)).toBeNull();
    expect(scale.position(-1)).toBeNull();
    expect(scale.ticks().map((t) => t.label)).toEqual(['1e-4', '0.001', '0.01']);
  });

  it('ticks 1, 2 and 5 times powers of ten over a range of a decade or two', () => {
    const scale = logScale([13_600, 54_400], (v) => `${v / 1000}k`);
    const ticks = scale.ticks();
    expect(ticks.map((t) => t.label)).toEqual(['20k', '50k']);
    for (const t of ticks) expect(t.at).toBeCloseTo(Math.log(Number(t.label.slice(0, -1)) / 13.6) / Math.log(4));
  });

  it('labels the ends of a log range too narrow for two ticks', () => {
    const ticks = logScale([21_000, 40_000], (v) => `${v / 1000}k`).ticks();
    expect(ticks.map((t) => t.label)).toEqual(['21k', '40k']);
    expect(ticks.map((t) => t.at)).toEqual([0, 1]);
  });

  it('puts a single value in the middle instead of dividing by zero', () => {
    expect(linearScale([5, 5]).position(5)).toBeCloseTo(0.5);
    expect(logScale([0.01]).position(0.01)).toBeCloseTo(0.5);
    expect(categoryScale(['adam']).position('adam')).toBe(0.5);
  });

  it('spreads categories evenly in the order given', () => {
    const scale = categoryScale(['sgd', 'adam', 'rmsprop', 'adam']);
    expect(scale.position('sgd')).toBe(0);
    expect(scale.position('adam')).toBe(0.5);
    expect(scale.position('rmsprop')).toBe(1);
    expect(scale.position('other')).toBeNull();
    expect(categoryScale([true, false]).ticks()).toEqual([
      { at: 0, label: 'true' },
      { at: 1, label: 'false' },
    ]);
  });

  it('writes numbers short', () => {
    expect(formatNumber(0.00003)).toBe('3e-5');
    expect(formatNumber(0.3 + 0.0000001)).toBe('0.3');
    expect(formatNumber(128)).toBe('128');
    expect(formatNumber(0)).toBe('0');
  });
});
