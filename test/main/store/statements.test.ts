import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/store/migrate';
import { openDatabase, type Database } from '../../../main/store/open';
import { registerSearchFunctions } from '../../../main/store/run-search';
import { prepareStatements } from '../../../main/store/statements';

let db: Database | undefined;
afterEach(() => db?.close());

/** SQLite's plan for a prepared statement, one line per step. */
function plan(source: string, params: unknown[]): string[] {
  if (!db) throw new Error('no database');
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${source}`)
    .all(...params)
    .map((row) => row.detail);
}

describe('metric reads', () => {
  // Compare reads every point of twenty long runs: a sort per series would cost more than the read.
  it('read a series straight from the (run, name, split, kind, step) index, with no sort', () => {
    db = openDatabase(':memory:');
    migrate(db);
    registerSearchFunctions(db);
    const sql = prepareStatements(db);
    const series = plan(sql.selectSeriesPoints.source, [1, 'loss', 'train', 'batch']);
    expect(series.join('\n')).toContain('USING INDEX metrics_by_run_series');
    expect(series.join('\n')).not.toContain('TEMP B-TREE');
    expect(plan(sql.selectMetricSeriesKeys.source, [1]).join('\n')).toContain('USING COVERING INDEX metrics_by_run_series');
    // Following a run reads only the newest points, by their numbers.
    const since = plan(sql.selectPointsSince.source, [1, 100]).join('\n');
    expect(since).toContain('USING INTEGER PRIMARY KEY (rowid>?)');
    expect(since).not.toContain('TEMP B-TREE');
  });
});
