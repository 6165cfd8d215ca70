import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import HeatMap from '../../../../renderer/src/components/charts/HeatMap.svelte';

function confusion(): number[][] {
  // A distinct count in every cell, so each can be found by its text.
  return Array.from({ length: 10 }, (_, row) => Array.from({ length: 10 }, (_, col) => (row === col ? 900 + row : row * 10 + col)));
}

describe('HeatMap', () => {
  it('shows every count in its row (true label) and column (prediction)', () => {
    const matrix = confusion();
    render(HeatMap, { matrix });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(10);
    const cells = within(rows[3]).getAllByRole('cell');
    expect(cells.map((c) => c.textContent?.trim())).toEqual(matrix[3].map(String));
  });

  it('makes cells buttons that say what they hold, and reports clicks as (true, predicted)', async () => {
    const onCellClick = vi.fn();
    render(HeatMap, { matrix: confusion(), onCellClick });
    const button = screen.getByRole('button', { name: 'True 3, predicted as 5: 35 images' });
    await fireEvent.click(button);
    expect(onCellClick).toHaveBeenCalledWith(3, 5);
    expect(screen.getByRole('button', { name: 'True 7, correctly predicted as 7: 907 images' })).toBeInTheDocument();
    expect(screen.getAllByRole('button')).toHaveLength(100);
  });

  it('marks the selected cell as pressed', () => {
    render(HeatMap, { matrix: confusion(), onCellClick: () => undefined, selected: { row: 2, col: 8 } });
    expect(screen.getByRole('button', { name: /^True 2, predicted as 8/ })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: /^True 2, predicted as 7/ })).toHaveAttribute('aria-pressed', 'false');
  });

  it('has no buttons when it is only for reading', () => {
    render(HeatMap, { matrix: confusion(), caption: 'run 1' });
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'run 1' })).toBeInTheDocument();
  });
});
