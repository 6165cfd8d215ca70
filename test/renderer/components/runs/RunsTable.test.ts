import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../../../common/training/run';
import RunsTable from '../../../../renderer/src/components/runs/RunsTable.svelte';
import { makeRunSummary } from '../../fake-api';

// jsdom lays nothing out: the rows' body is placed by hand, `scrolled` px above the window's top.
const ROW = 38;
let scrolled = 0;

function runs(count: number): RunSummary[] {
  return Array.from({ length: count }, (_, i) => makeRunSummary({ id: i + 1, name: `run number ${i + 1}` }));
}

function renderTable(list: RunSummary[], overrides: Partial<{ ontoggleselect: (id: number) => void; onstar: (run: RunSummary) => void }> = {}) {
  return render(RunsTable, {
    runs: list,
    sortKey: 'createdAt',
    sortDirection: 'desc',
    selected: new Set([2]),
    openRunId: null,
    onsort: () => undefined,
    ontoggleselect: overrides.ontoggleselect ?? (() => undefined),
    onselectall: () => undefined,
    onstar: overrides.onstar ?? (() => undefined),
    onopen: () => undefined,
    onfork: () => undefined,
    ondelete: () => undefined,
  });
}

/** Names of the rows in the DOM, in order. */
function renderedNames(): string[] {
  return within(screen.getByTestId('runs-table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-run-id') ?? '')
    .map((id) => `run number ${id}`);
}

async function scrollTo(px: number): Promise<void> {
  scrolled = px;
  await fireEvent.scroll(document);
}

beforeEach(() => {
  scrolled = 0;
  vi.spyOn(HTMLTableSectionElement.prototype, 'getBoundingClientRect').mockImplementation(() => new DOMRect(0, -scrolled, 1000, 0));
  vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(760);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RunsTable with many runs', () => {
  it('puts only the rows in view (and a margin) in the DOM, and says how many rows there are', () => {
    renderTable(runs(10_000));
    const names = renderedNames();
    // 760 px of window is 20 rows; a margin of a few rows more below the last.
    expect(names[0]).toBe('run number 1');
    expect(names.length).toBeGreaterThanOrEqual(20);
    expect(names.length).toBeLessThan(40);
    const table = screen.getByTestId('runs-table');
    expect(table).toHaveAttribute('aria-rowcount', '10001');
    expect(within(table).getAllByRole('row')[1]).toHaveAttribute('aria-rowindex', '2');
  });

  it('renders the rows scrolled into view, keeping the full height as padding', async () => {
    renderTable(runs(10_000));
    await scrollTo(5000 * ROW);
    const names = renderedNames();
    expect(names).toContain('run number 5001');
    expect(names).toContain('run number 5020');
    expect(names).not.toContain('run number 1');
    const body = screen.getByTestId('runs-table').querySelector('tbody') as HTMLElement;
    const above = Number.parseFloat(body.style.getPropertyValue('--rows-above'));
    const below = Number.parseFloat(body.style.getPropertyValue('--rows-below'));
    expect(above + names.length * ROW + below).toBe(10_000 * ROW);
    const first = Number(within(screen.getByTestId('runs-table')).getAllByRole('row')[1].getAttribute('aria-rowindex'));
    expect(above).toBe((first - 2) * ROW);

    await scrollTo(10_000 * ROW);
    expect(renderedNames()).toContain('run number 10000');
  });

  it('selects and stars runs from rendered rows', async () => {
    const ontoggleselect = vi.fn();
    const onstar = vi.fn();
    renderTable(runs(10_000), { ontoggleselect, onstar });
    await scrollTo(3000 * ROW);
    await fireEvent.click(screen.getByLabelText('Select run number 3005'));
    expect(ontoggleselect).toHaveBeenCalledWith(3005);
    await fireEvent.click(screen.getByRole('button', { name: 'Star run number 3010' }));
    expect(onstar).toHaveBeenCalledWith(expect.objectContaining({ id: 3010 }));
  });

  it('moves focus to the same control in the row below or above with the arrow keys', async () => {
    renderTable(runs(50));
    const star = screen.getByRole('button', { name: 'Star run number 4' });
    star.focus();
    await fireEvent.keyDown(star, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Star run number 5' }));
    await fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowUp' });
    await fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Star run number 3' }));
    const select = screen.getByLabelText('Select run number 1');
    select.focus();
    await fireEvent.keyDown(select, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(select);
  });

  it('keeps the selected run marked when it comes back into view', async () => {
    renderTable(runs(10_000));
    expect(screen.getByLabelText('Select run number 2')).toBeChecked();
    await scrollTo(8000 * ROW);
    expect(screen.queryByLabelText('Select run number 2')).toBeNull();
    await scrollTo(0);
    expect(screen.getByLabelText('Select run number 2')).toBeChecked();
    expect(screen.getByLabelText('Select run number 2').closest('tr')).toHaveClass('selected');
  });
});
