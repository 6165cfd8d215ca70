import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OVERSCAN_ROWS, rowWindow } from '../../../../renderer/src/components/runs/row-window';

describe('rowWindow', () => {
  it('renders the rows in view plus a margin on each side, and pads for the rest', () => {
    // 10,000 rows of 40 px, scrolled to row 500, 800 px of view: rows 500..520 are in view.
    const w = rowWindow(10_000, 40, { top: 500 * 40, height: 800 }, 5);
    expect(w).toEqual({ start: 495, end: 526, above: 495 * 40, below: (10_000 - 526) * 40 });
  });

  it('renders every row of a short table', () => {
    expect(rowWindow(4, 37, { top: 0, height: 768 })).toEqual({ start: 0, end: 4, above: 0, below: 0 });
    expect(rowWindow(0, 37, { top: 0, height: 768 })).toEqual({ start: 0, end: 0, above: 0, below: 0 });
  });

  it('renders the first screenful while the rows start below the view', () => {
    expect(rowWindow(1000, 40, { top: -2000, height: 400 }, 2)).toEqual({ start: 0, end: 13, above: 0, below: 987 * 40 });
  });

  it('renders the last screenful when scrolled past the end', () => {
    const w = rowWindow(1000, 40, { top: 999_999, height: 400 }, 2);
    expect(w.end).toBe(1000);
    expect(w.start).toBe(1000 - 10 - 2);
    expect(w.below).toBe(0);
  });

  it('renders every row when the row height is not known yet', () => {
    expect(rowWindow(30, 0, { top: 0, height: 500 })).toEqual({ start: 0, end: 30, above: 0, below: 0 });
  });

  it('always covers the visible rows and keeps the full height', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 10, max: 80 }),
        fc.integer({ min: -5000, max: 2_000_000 }),
        fc.integer({ min: 0, max: 3000 }),
        (count, rowHeight, top, height) => {
          const w = rowWindow(count, rowHeight, { top, height });
          expect(w.start).toBeGreaterThanOrEqual(0);
          expect(w.end).toBeLessThanOrEqual(count);
          expect(w.end).toBeGreaterThan(w.start);
          expect(w.above + (w.end - w.start) * rowHeight + w.below).toBe(count * rowHeight);
          // Every row that intersects the view is rendered.
          const firstVisible = Math.floor(top / rowHeight);
          const lastVisible = Math.ceil((top + height) / rowHeight) - 1;
          for (const row of [firstVisible, lastVisible]) {
            if (row >= 0 && row < count) {
              expect(row).toBeGreaterThanOrEqual(w.start);
              expect(row).toBeLessThan(w.end);
            }
          }
          // A bounded number of rows, whatever the count.
          expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(Math.max(height, 1) / rowHeight) + 1 + 2 * OVERSCAN_ROWS);
        },
      ),
    );
  });
});
