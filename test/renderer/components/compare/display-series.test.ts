import { describe, expect, it } from 'vitest';
import type { ChartSeries } from '../../../../renderer/src/components/charts/types';
import { displaySeries } from '../../../../renderer/src/components/compare/display-series';
import { alignSeries } from '../../../../renderer/src/lib/charts/align';

function batchCurve(label: string, points: number, seed: number): ChartSeries {
  const x = Float64Array.from({ length: points }, (_, i) => i + 1);
  const y = x.map((step) => 2 * Math.exp(-step / 2000) + 0.1 * Math.sin(step * seed));
  return { label, x, y, color: '#123456' };
}

describe('displaySeries', () => {
  it('cuts long curves to about two points a pixel column and leaves short ones exact', () => {
    const train = batchCurve('#1 a (train)', 8440, 1);
    const val: ChartSeries = { label: '#1 a (val)', x: [422, 844, 1266], y: [1.1, 0.8, 0.5], dashed: true };
    const [cut, kept] = displaySeries([train, val], 800);
    expect(cut.x.length).toBeLessThanOrEqual(1600);
    expect(cut.x.length).toBeGreaterThan(800);
    expect({ label: cut.label, color: cut.color }).toEqual({ label: train.label, color: train.color });
    expect(kept).toBe(val);
    // The drawn range of values is the same.
    expect(Math.max(...cut.y)).toBe(Math.max(...train.y));
    expect(Math.min(...cut.y)).toBe(Math.min(...train.y));
  });

  it('puts curves cut on one grid on shared x values, so merging them stays small', () => {
    const series = Array.from({ length: 20 }, (_, i) => batchCurve(`#${i}`, 8440, i + 1));
    const shown = displaySeries(series, 1000);
    const [xs, ...columns] = alignSeries(shown);
    expect(xs.length).toBeLessThanOrEqual(3 * 1000);
    expect(columns).toHaveLength(20);
  });

  it('changes nothing when the width is unknown or the curves are short', () => {
    const series = [batchCurve('a', 100, 1)];
    expect(displaySeries(series, 0)).toBe(series);
    expect(displaySeries(series, 800)).toBe(series);
    expect(displaySeries([], 800)).toEqual([]);
  });
});

describe('displaySeries reuse', () => {
  it('gives the same cut curve back for the same curve and width, and a new one for a new width', () => {
    const train = batchCurve('#1 a (train)', 8440, 1);
    const [first] = displaySeries([train], 800);
    const [again] = displaySeries([{ ...train, label: 'renamed' }], 800);
    expect(again.y).toBe(first.y);
    expect(again.label).toBe('renamed');
    const [wider] = displaySeries([train], 1200);
    expect(wider.y).not.toBe(first.y);
    expect(wider.x.length).toBeGreaterThan(first.x.length);
  });
});

describe('displaySeries with a band', () => {
  it('cuts a long band with its line, keeping its full extent on shared x values', () => {
    const line = batchCurve('group', 8440, 1);
    const lower = Float64Array.from(line.y, (v, i) => v - 0.1 - 0.01 * Math.cos(i));
    const upper = Float64Array.from(line.y, (v, i) => v + 0.1 + 0.01 * Math.sin(i));
    const [shown] = displaySeries([{ ...line, band: { x: line.x, lower, upper } }], 800);
    const band = shown.band!;
    expect(band.x.length).toBeLessThanOrEqual(800);
    expect(band.lower.length).toBe(band.x.length);
    expect(band.upper.length).toBe(band.x.length);
    expect(Math.min(...band.lower)).toBe(Math.min(...lower));
    expect(Math.max(...band.upper)).toBe(Math.max(...upper));
  });
});
