/**
 * Windowed rendering for long tables: which rows to put in the DOM (those in view plus a margin)
 * and how tall the rows left out above and below are, so that the scrollbar and every row's
 * position stay exactly as if all rows were there (rows have one fixed height); plus measuring
 * the view, following scrolls, and arrow keys between rows, which only ever meet rendered rows.
 */

export interface RowWindow {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height of the rows left out above `start`, and below `end`. */
  above: number;
  below: number;
}

export interface RowView {
  /** Distance from the top of row 0 down to the top of the visible area; negative while the rows start below it. */
  top: number;
  /** Height of the visible area. */
  height: number;
}

/** Rows rendered beyond each edge of the view: room for fast scrolling and for Tab or arrow keys to reach the next row. */
export const OVERSCAN_ROWS = 8;

export function rowWindow(count: number, rowHeight: number, view: RowView, overscan = OVERSCAN_ROWS): RowWindow {
  if (count <= 0 || !(rowHeight > 0)) return { start: 0, end: Math.max(0, count), above: 0, below: 0 };
  const inView = Math.max(1, Math.ceil(Math.max(0, view.height) / rowHeight));
  // A view above or below the rows still renders a screenful at that end, so rows are never all
  // missing (a table scrolled out of sight, a layout not measured yet).
  const first = Math.min(Math.max(0, Math.floor(view.top / rowHeight)), Math.max(0, count - inView));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + inView + 1 + overscan);
  return { start, end, above: start * rowHeight, below: (count - end) * rowHeight };
}

/** Where `rows` (a table body) stands against the window's visible area. */
export function measureRowView(rows: Element): RowView {
  return { top: -rows.getBoundingClientRect().top, height: window.innerHeight };
}

/**
 * Calls `onchange` whenever anything scrolls (the screen's content area, the window: scroll
 * events are caught for the whole document, at most one a frame) or the window is resized.
 * Returns the function that stops it.
 */
export function onViewChange(onchange: () => void): () => void {
  const options = { capture: true, passive: true } as const;
  document.addEventListener('scroll', onchange, options);
  window.addEventListener('resize', onchange);
  return () => {
    document.removeEventListener('scroll', onchange, options);
    window.removeEventListener('resize', onchange);
  };
}

/**
 * Up/Down arrow keys on a control in a table row move focus to the same control (by position)
 * in the row above or below. Returns whether it moved focus (the key is then handled).
 */
export function focusAdjacentRow(event: KeyboardEvent): boolean {
  if ((event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  const control = event.target instanceof HTMLElement ? event.target : null;
  const row = control?.closest('tr');
  const sibling = event.key === 'ArrowDown' ? row?.nextElementSibling : row?.previousElementSibling;
  if (!control || !row || !sibling) return false;
  const index = [...row.querySelectorAll('input, button')].indexOf(control);
  const target = sibling.querySelectorAll<HTMLElement>('input, button')[index];
  if (!target) return false;
  target.focus();
  return true;
}
