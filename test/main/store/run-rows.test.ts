import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/store/migrate';
import { openDatabase, type Database } from '../../../main/store/open';
import { groupTags, RUN_COLUMNS, toMetricPoint, toRunSummary, type RunRow } from '../../../main/store/run-rows';

let db: Database | undefined;
afterEach(() => db?.close());

describe('RUN_COLUMNS', () => {
  it('names every column of the runs table but the owner bookkeeping, in table order', () => {
    db = openDatabase(':memory:');
    migrate(db);
    const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('runs') ORDER BY cid").pluck().all();
    // Which process owns a queued run is the store's business (recovery), not part of a RunSummary.
    expect([...RUN_COLUMNS]).toEqual(columns.filter((c) => !c.startsWith('owner_')));
  });
});

describe('toRunSummary', () => {
  it('reads each position as its column', () => {
    const row: RunRow = [
      5, 'name', 'completed', 'tiny', '[{"type":"flatten"}]', '{"seed":3}', 100, 'cpu', 'CPU', '4.22.0', 2, 3,
      10, 11, 12, 4, 0.9, 3, 0.8, 0.85, 0.4, null, 'notes', 1, null,
    ];
    expect(toRunSummary(row, ['t'])).toEqual({
      id: 5,
      name: 'name',
      status: 'completed',
      presetId: 'tiny',
      layers: [{ type: 'flatten' }],
      hyperparameters: { seed: 3 },
      params: 100,
      backend: 'cpu',
      device: 'CPU',
      tfjsVersion: '4.22.0',
      threads: 2,
      seed: 3,
      createdAt: 10,
      startedAt: 11,
      finishedAt: 12,
      epochsDone: 4,
      bestValAccuracy: 0.9,
      bestEpoch: 3,
      finalValAccuracy: 0.8,
      testAccuracy: 0.85,
      testLoss: 0.4,
      error: null,
      notes: 'notes',
      tags: ['t'],
      starred: true,
      deletedAt: null,
    });
  });
});

describe('toMetricPoint', () => {
  it('turns the special column back into the number', () => {
    expect(toMetricPoint(['loss', 'val', 3, 1, null, '-inf', 9]).value).toBe(-Infinity);
    expect(toMetricPoint(['loss', 'val', 3, 1, 0.5, null, 9])).toEqual({
      name: 'loss',
      split: 'val',
      step: 3,
      epoch: 1,
      value: 0.5,
      time: 9,
    });
  });
});

describe('groupTags', () => {
  it('keeps each run’s tags in the order given', () => {
    const byRun = groupTags([
      { run_id: 1, tag: 'b' },
      { run_id: 1, tag: 'a' },
      { run_id: 2, tag: 'c' },
    ]);
    expect(byRun.get(1)).toEqual(['b', 'a']);
    expect(byRun.get(2)).toEqual(['c']);
    expect(byRun.get(3)).toBeUndefined();
  });
});
