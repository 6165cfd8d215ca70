import { describe, expect, it } from 'vitest';
import { cellIntensity, heatCells, rowTotals } from '../../../../renderer/src/lib/charts/heatmap';

describe('heat map colours', () => {
  const matrix = [
    [90, 10],
    [0, 0],
  ];

  it('shades each cell by its share of the true-class row', () => {
    const cells = heatCells(matrix);
    expect(rowTotals(matrix)).toEqual([100, 0]);
    expect(cells[0][0].share).toBeCloseTo(0.9);
    expect(cells[0][1].share).toBeCloseTo(0.1);
    expect(cells[1][1].share).toBe(0);
  });

  it('leaves empty cells uncoloured and colours mistakes differently from hits', () => {
    const cells = heatCells(matrix);
    expect(cells[1][0].background).toBe('transparent');
    const hue = (bg: string) => bg.replace(/,\s*[\d.]+\)$/, ')');
    expect(hue(cells[0][0].background)).not.toBe(hue(cells[0][1].background));
  });

  it('makes small confusions visible with a square-root scale off the diagonal', () => {
    expect(cellIntensity(0.04, false)).toBeCloseTo(0.2);
    expect(cellIntensity(0.04, true)).toBeCloseTo(0.04);
    expect(cellIntensity(2, true)).toBe(1);
  });
});
