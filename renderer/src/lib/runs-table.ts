/**
 * Filtering, searching (with the one meaning of common/training/run-search.ts) and sorting of the runs table, as pure functions over RunSummary so the
 * table stays fast and these rules are tested without a DOM.
 */
import type { RunStatus, RunSummary } from '../../../common/training/run';
import { architectureSummary, matchesSearch } from '../../../common/training/run-search';

export { architectureSummary };
import { runDurationMs } from './format';

export const SORT_KEYS = [
  'name',
  'status',
  'architecture',
  'params',
  'bestValAccuracy',
  'testAccuracy',
  'realWorldAccuracy',
  'duration',
  'backend',
  'createdAt',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

/**
 * The listing loads in pages: the first is about a screenful, so the table shows at once however
 * many runs there are; the rest follow in larger pages, each a short task, so the window stays
 * responsive while ten thousand runs arrive.
 */
export const LISTING_PAGES = { first: 200, rest: 2000 } as const;

export interface RunFilter {
  search: string;
  /** 'all' or one status. */
  status: RunStatus | 'all';
  starredOnly: boolean;
}

export function matchesFilter(run: RunSummary, filter: RunFilter): boolean {
  if (filter.status !== 'all' && run.status !== filter.status) return false;
  if (filter.starredOnly && !run.starred) return false;
  return matchesSearch(run, filter.search);
}

function sortValue(run: RunSummary, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return run.name.toLowerCase();
    case 'status':
      return run.status;
    case 'architecture':
      return architectureSummary(run).toLowerCase();
    case 'params':
      return run.params;
    case 'bestValAccuracy':
      return run.bestValAccuracy;
    case 'testAccuracy':
      return run.testAccuracy;
    case 'realWorldAccuracy':
      return run.realWorldAccuracy;
    case 'duration':
      return runDurationMs(run);
    case 'backend':
      return run.backend;
    case 'createdAt':
      return run.createdAt;
  }
}

/** Sorted copy; runs without a value (no test accuracy yet, ...) go last in either direction. */
export function sortRuns(runs: readonly RunSummary[], key: SortKey, direction: SortDirection): RunSummary[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null || Number.isNaN(va) || Number.isNaN(vb)) {
      const aMissing = va === null || Number.isNaN(va);
      const bMissing = vb === null || Number.isNaN(vb);
      if (aMissing !== bMissing) return aMissing ? 1 : -1;
      return b.id - a.id;
    }
    const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return order !== 0 ? order * sign : b.id - a.id;
  });
}

export function visibleRuns(runs: readonly RunSummary[], filter: RunFilter, key: SortKey, direction: SortDirection): RunSummary[] {
  return sortRuns(
    runs.filter((run) => matchesFilter(run, filter)),
    key,
    direction,
  );
}

/** Tags typed as "a, b ,c" -> ["a", "b", "c"], without empties or duplicates. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}
