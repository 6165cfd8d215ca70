/**
 * Colours for confusion-matrix heat maps. Each cell is shaded by its share of its row (the
 * true class), so classes with fewer test images are as readable as the others. Correct
 * predictions (the diagonal) are blue; mistakes are orange, on a square-root scale so that a
 * 2% confusion is already visible next to a 98% diagonal.
 */

export interface HeatCell {
  row: number;
  col: number;
  count: number;
  /** count / row total, 0 for an empty row. */
  share: number;
  /** A CSS background colour (translucent, so it sits on either theme's background). */
  background: string;
  /** Whether the shade is dark enough to need light text. */
  strong: boolean;
}

const CORRECT_RGB = '37, 99, 235';
const MISTAKE_RGB = '234, 88, 12';

export function rowTotals(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row) => row.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0));
}

/** Opacity for a cell: linear on the diagonal, square-root off it. */
export function cellIntensity(share: number, onDiagonal: boolean): number {
  const s = Math.min(Math.max(share, 0), 1);
  return onDiagonal ? s : Math.sqrt(s);
}

export function heatCells(matrix: readonly (readonly number[])[]): HeatCell[][] {
  const totals = rowTotals(matrix);
  return matrix.map((row, r) =>
    row.map((count, c) => {
      const share = totals[r] > 0 ? count / totals[r] : 0;
      const intensity = cellIntensity(share, r === c);
      const alpha = count > 0 ? 0.08 + 0.87 * intensity : 0;
      return {
        row: r,
        col: c,
        count,
        share,
        background: alpha > 0 ? `rgba(${r === c ? CORRECT_RGB : MISTAKE_RGB}, ${alpha.toFixed(3)})` : 'transparent',
        strong: alpha > 0.55,
      };
    }),
  );
}
