/**
 * Brushing on the parallel-coordinates chart: a range (positions 0 to 1) per axis; a trial is
 * selected when it lies inside every brushed range. No brush at all selects every trial.
 */
import type { ParallelAxis, ParallelLine } from './parallel-model';

export type Brushes = Readonly<Record<string, readonly [number, number]>>;

/** A drag shorter than this (a click) clears the axis' brush instead of selecting a sliver. */
export const MIN_BRUSH = 0.01;

/** The range between two drag positions, ordered and kept within the axis; null for a click. */
export function brushRange(from: number, to: number): [number, number] | null {
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  const lo = clamp(Math.min(from, to));
  const hi = clamp(Math.max(from, to));
  return hi - lo < MIN_BRUSH ? null : [lo, hi];
}

export function withBrush(brushes: Brushes, axis: string, range: readonly [number, number] | null): Brushes {
  const next: Record<string, readonly [number, number]> = { ...brushes };
  if (range) next[axis] = range;
  else delete next[axis];
  return next;
}

export function isSelected(line: ParallelLine, axes: readonly ParallelAxis[], brushes: Brushes): boolean {
  return axes.every((axis, i) => {
    const range = brushes[axis.key];
    if (!range) return true;
    const at = line.positions[i];
    // A trial without a value on a brushed axis (no result yet) is outside the brush.
    return at !== null && at >= range[0] - 1e-9 && at <= range[1] + 1e-9;
  });
}

export function selectedTrials(lines: readonly ParallelLine[], axes: readonly ParallelAxis[], brushes: Brushes): Set<number> {
  return new Set(lines.filter((l) => isSelected(l, axes, brushes)).map((l) => l.trialIndex));
}

/** "4 of 12 trials selected by Learning rate and test accuracy", or "All 12 trials shown". */
export function brushSummary(selected: number, total: number, axes: readonly ParallelAxis[], brushes: Brushes): string {
  const brushed = axes.filter((a) => brushes[a.key]).map((a) => a.label);
  if (brushed.length === 0) return `All ${total} trials shown; drag along an axis to select a range.`;
  const by = brushed.length === 1 ? brushed[0] : `${brushed.slice(0, -1).join(', ')} and ${brushed[brushed.length - 1]}`;
  return `${selected} of ${total} trials selected by ${by}.`;
}

/**
 * A pointer's client coordinate in the SVG's own units. The charts keep their aspect ratio, so
 * one factor per axis does; with no layout (a box of size 0) the coordinate is taken as it is.
 */
export function toViewCoordinate(client: number, boxStart: number, boxSize: number, viewSize: number): number {
  return boxSize > 0 ? ((client - boxStart) * viewSize) / boxSize : client;
}

/** How far one arrow key press moves or resizes a brush. */
export const KEY_STEP = 0.05;

/**
 * Brushing from the keyboard on a focused axis: an arrow starts a brush over the top (or
 * bottom) quarter, then moves it; with Shift it moves the top edge only, making it larger or
 * smaller; Escape or Delete clears it. undefined for keys that do not brush.
 */
export function keyBrush(range: readonly [number, number] | null, key: string, shift: boolean): [number, number] | null | undefined {
  if (key === 'Escape' || key === 'Delete' || key === 'Backspace') return null;
  const direction = key === 'ArrowUp' ? 1 : key === 'ArrowDown' ? -1 : 0;
  if (direction === 0) return undefined;
  if (!range) return direction > 0 ? [0.75, 1] : [0, 0.25];
  const [lo, hi] = range;
  if (shift) return [lo, Math.min(1, Math.max(lo + KEY_STEP, hi + direction * KEY_STEP))];
  const move = Math.min(1 - hi, Math.max(-lo, direction * KEY_STEP));
  return [lo + move, hi + move];
}
