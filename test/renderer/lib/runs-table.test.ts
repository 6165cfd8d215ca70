import { describe, expect, it } from 'vitest';
import {
  architectureSummary,
  matchesFilter,
  parseTags,
  sortRuns,
  visibleRuns,
  type RunFilter,
} from '../../../renderer/src/lib/runs-table';
import { makeRunSummary } from '../fake-api';

const ALL: RunFilter = { search: '', status: 'all', starredOnly: false };

describe('runs table rules', () => {
  const runs = [
    makeRunSummary({ id: 1, name: 'Zeta', params: 500, testAccuracy: 0.9, presetId: 'std', backend: 'wasm' }),
    makeRunSummary({ id: 2, name: 'alpha', params: 100, testAccuracy: null, status: 'failed', backend: null }),
    makeRunSummary({ id: 3, name: 'Mid', params: 300, testAccuracy: 0.99, starred: true, tags: ['keep'], notes: 'Big LR' }),
  ];

  it('summarises an architecture with its preset and every layer', () => {
    expect(architectureSummary(runs[0])).toBe('std: conv2d 8 3x3 → maxPooling2d 2x2 → flatten → dense 10 softmax');
    expect(architectureSummary({ presetId: null, layers: [{ type: 'flatten' }] })).toBe('flatten');
  });

  it('matches every search word anywhere, case-insensitively', () => {
    const names = (filter: RunFilter) => runs.filter((r) => matchesFilter(r, filter)).map((r) => r.name);
    expect(names({ ...ALL, search: 'big lr' })).toEqual(['Mid']);
    expect(names({ ...ALL, search: 'KEEP' })).toEqual(['Mid']);
    expect(names({ ...ALL, search: 'std wasm' })).toEqual(['Zeta']);
    expect(names({ ...ALL, search: 'std failed' })).toEqual([]);
    expect(names({ ...ALL, status: 'failed' })).toEqual(['alpha']);
    expect(names({ ...ALL, starredOnly: true })).toEqual(['Mid']);
  });

  it('sorts text case-insensitively and numbers by value, missing values last both ways', () => {
    expect(sortRuns(runs, 'name', 'asc').map((r) => r.id)).toEqual([2, 3, 1]);
    expect(sortRuns(runs, 'params', 'desc').map((r) => r.id)).toEqual([1, 3, 2]);
    expect(sortRuns(runs, 'testAccuracy', 'desc').map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortRuns(runs, 'testAccuracy', 'asc').map((r) => r.id)).toEqual([1, 3, 2]);
    // Equal values fall back to newest (highest id) first.
    expect(sortRuns(runs, 'backend', 'asc').map((r) => r.id)).toEqual([3, 1, 2]);
  });

  it('does not reorder its input', () => {
    const before = runs.map((r) => r.id);
    visibleRuns(runs, ALL, 'name', 'asc');
    expect(runs.map((r) => r.id)).toEqual(before);
  });

  it('parses comma separated tags without blanks or repeats', () => {
    expect(parseTags(' a, b ,, a,c ')).toEqual(['a', 'b', 'c']);
    expect(parseTags('')).toEqual([]);
  });
});
