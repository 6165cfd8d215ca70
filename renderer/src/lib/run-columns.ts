/**
 * The Runs table's columns: one list, from which the header, each row's cells, sorting, which
 * way a column first sorts, and the type of a sort key all follow. A new column is one entry here.
 */
import { fewerViewsNote, readInFewerViews } from '../../../common/training/real-world';
import type { RunSummary } from '../../../common/training/run';
import { architectureSummary } from '../../../common/training/run-search';
import { formatCount, formatDate, formatDuration, formatPercent, formatShortDate, runDurationMs } from './format';

export interface RunColumn {
  label: string;
  /** In px; the name column has none and takes what is left. */
  width?: number;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** Left out of the narrow layout (details panel open): the panel shows it. */
  wide?: boolean;
  /** Figures where bigger is what one looks for first (accuracy, size, the newest). */
  descendingFirst?: boolean;
  /** What the column sorts by; null sorts last either way. */
  sortValue(run: RunSummary): string | number | null;
  /** The cell's text (name and status cells add their controls around it). */
  text(run: RunSummary): string;
  /** The cell's tooltip, for text that may be cut short. */
  title?(run: RunSummary): string | undefined;
  /** A class of the cell, for its look. */
  cellClass?: string;
}

export const RUN_COLUMNS = {
  name: { label: 'Name', sortValue: (run) => run.name.toLowerCase(), text: (run) => run.name },
  status: { label: 'Status', width: 100, sortValue: (run) => run.status, text: (run) => run.status },
  architecture: {
    label: 'Architecture',
    width: 150,
    wide: true,
    sortValue: (run) => architectureSummary(run).toLowerCase(),
    text: architectureSummary,
    title: architectureSummary,
    cellClass: 'arch',
  },
  params: { label: 'Params', width: 88, numeric: true, descendingFirst: true, sortValue: (run) => run.params, text: (run) => formatCount(run.params) },
  bestValAccuracy: {
    label: 'Best val acc',
    width: 120,
    numeric: true,
    descendingFirst: true,
    sortValue: (run) => run.bestValAccuracy,
    text: (run) => formatPercent(run.bestValAccuracy),
  },
  testAccuracy: {
    label: 'Test acc',
    width: 92,
    numeric: true,
    descendingFirst: true,
    sortValue: (run) => run.testAccuracy,
    text: (run) => formatPercent(run.testAccuracy),
  },
  realWorldAccuracy: {
    label: 'Real-world',
    width: 104,
    numeric: true,
    descendingFirst: true,
    sortValue: (run) => run.realWorldAccuracy,
    // A score from before the views is starred: it reads lower than the same model would now.
    text: (run) => `${formatPercent(run.realWorldAccuracy)}${readInFewerViews(run.realWorldViews) ? '*' : ''}`,
    title: (run) => {
      const about = 'Accuracy on the real-world set: photos, scans and drawings of digits (bench/real-world)';
      const fewer = fewerViewsNote(run.realWorldViews);
      return fewer ? `${about}. *Scored before pictures were read in several views: ${fewer}.` : about;
    },
  },
  duration: {
    label: 'Duration',
    width: 100,
    numeric: true,
    wide: true,
    descendingFirst: true,
    sortValue: runDurationMs,
    text: (run) => formatDuration(runDurationMs(run)),
  },
  backend: { label: 'Backend', width: 104, wide: true, sortValue: (run) => run.backend, text: (run) => run.backend ?? '—', title: (run) => run.backend ?? undefined },
  createdAt: {
    label: 'Date',
    width: 132,
    wide: true,
    descendingFirst: true,
    sortValue: (run) => run.createdAt,
    text: (run) => formatShortDate(run.createdAt),
    title: (run) => formatDate(run.createdAt),
    cellClass: 'date',
  },
} as const satisfies Record<string, RunColumn>;

export type SortKey = keyof typeof RUN_COLUMNS;
export const SORT_KEYS = Object.keys(RUN_COLUMNS) as SortKey[];

/** The columns in order, each with its key; the narrow layout leaves out the wide ones. */
export function runColumns(compact: boolean): (RunColumn & { key: SortKey })[] {
  return SORT_KEYS.map((key) => ({ key, ...(RUN_COLUMNS[key] as RunColumn) })).filter((column) => !compact || !column.wide);
}
