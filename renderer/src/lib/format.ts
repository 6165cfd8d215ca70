/**
 * Formatting for the screens. Percentages, durations, floats and compact counts come from
 * common/format so the app and the command line print the same figures; this adds what only
 * the UI needs.
 */
export {
  compactCount as formatCompact,
  decimal as formatMetric,
  duration as formatDuration,
  percent as formatPercent,
  runDuration as runDurationMs,
} from '../../../common/format/numbers';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 34826 -> "34,826". */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? integer.format(value) : String(value);
}

/** An output shape without the batch dimension, e.g. "26×26×32"; "—" once shapes broke down. */
export function formatShape(shape: readonly number[] | null): string {
  return shape ? shape.join('×') : '—';
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : dateTime.format(new Date(ms));
}

const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "Nov 25, 10:48 AM": for dense tables (the full date goes in a tooltip). */
export function formatShortDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : shortDateTime.format(new Date(ms));
}
