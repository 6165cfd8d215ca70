// The Runs table's columns come from one list: the header, every row's cells and sorting agree with it.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RunsTable from '../../../renderer/src/components/runs/RunsTable.svelte';
import { runColumns, SORT_KEYS } from '../../../renderer/src/lib/run-columns';
import { sortRuns } from '../../../renderer/src/lib/runs-table';
import { RunsState } from '../../../renderer/src/state/runs.svelte';
import { createFakeApi, makeRunSummary } from '../fake-api';

const runs = [
  makeRunSummary({ id: 1, name: 'beta', params: 5_000, testAccuracy: 0.97, bestValAccuracy: 0.96, backend: 'wasm', createdAt: Date.UTC(2026, 0, 2) }),
  makeRunSummary({ id: 2, name: 'alpha', params: 90_000, testAccuracy: 0.99, bestValAccuracy: 0.985, backend: 'cpu', createdAt: Date.UTC(2026, 0, 3) }),
];

function renderTable(compact: boolean) {
  const none = () => {};
  return render(RunsTable, {
    runs,
    sortKey: 'createdAt',
    sortDirection: 'desc',
    selected: new Set<number>(),
    openRunId: null,
    compact,
    onsort: none,
    ontoggleselect: none,
    onselectall: none,
    onstar: none,
    onopen: none,
    onfork: none,
    ondelete: none,
  });
}

describe('the Runs table columns', () => {
  for (const compact of [false, true]) {
    it(`puts each column's text under its header (${compact ? 'narrow' : 'wide'} layout)`, () => {
      const { unmount } = renderTable(compact);
      const table = screen.getByTestId('runs-table');
      const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent?.trim() ?? '');
      const columns = runColumns(compact);
      for (const row of within(table).getAllByRole('row').slice(1)) {
        const cells = within(row).getAllByRole('cell');
        const run = runs.find((r) => r.id === Number(row.getAttribute('data-run-id')))!;
        for (const column of columns) {
          const at = headers.findIndex((header) => header.startsWith(column.label));
          expect(at, column.label).toBeGreaterThan(-1);
          expect(cells[at].textContent).toContain(column.text(run));
        }
      }
      // Every sortable header is a column of the list, and no column of it is missing.
      expect(table.querySelectorAll('thead button.sort')).toHaveLength(columns.length);
      unmount();
    });
  }

  it('sorts by every column, and first sorts figures one looks for the biggest of from the top', () => {
    for (const key of SORT_KEYS) {
      const column = runColumns(false).find((c) => c.key === key)!;
      const values = sortRuns(runs, key, 'asc').map((run) => column.sortValue(run));
      expect(values, key).toEqual([...values].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)))));
      const state = new RunsState(createFakeApi());
      state.sortBy(key === 'createdAt' ? 'name' : 'createdAt');
      state.sortBy(key);
      expect(state.sortDirection, key).toBe(column.descendingFirst ? 'desc' : 'asc');
    }
  });
});

describe('the real-world column', () => {
  it('stars a score read in one view a picture and says why in its title', () => {
    const column = runColumns(false).find((c) => c.key === 'realWorldAccuracy');
    if (!column) throw new Error('the Runs table has a real-world column');
    const old = makeRunSummary({ id: 3, realWorldAccuracy: 0.9, realWorldViews: 1 });
    const current = makeRunSummary({ id: 4, realWorldAccuracy: 0.9, realWorldViews: 6 });
    expect(column.text(old)).toBe('90.00%*');
    expect(column.title?.(old)).toMatch(/\*Scored before pictures were read in several views: read in 1 view a picture \(now 6\)/);
    expect(column.text(current)).toBe('90.00%');
    expect(column.title?.(current)).not.toMatch(/\*/);
    expect(column.text(makeRunSummary({ id: 5 }))).toBe('—');
  });
});
