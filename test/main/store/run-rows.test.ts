import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/store/migrate';
import { openDatabase, type Database } from '../../../main/store/open';
import {
  groupTags,
  RUN_FIELD_COLUMNS,
  countSettingsUses,
  toListedRunSummary,
  toMetricSeries,
  toRunSummary,
  type ListedRunRow,
  type RunFields,
  type RunRow,
} from '../../../main/store/run-rows';

let db: Database | undefined;
afterEach(() => db?.close());

describe('RUN_FIELD_COLUMNS', () => {
  it('names every column of the runs table but the settings and the processes\' bookkeeping, in table order', () => {
    db = openDatabase(':memory:');
    migrate(db);
    const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('runs') ORDER BY cid").pluck().all();
    // Which process owns a queued run, the change counter other processes follow and cancel requests
    // between processes are the store's business, not part of a RunSummary; the settings (as text
    // or as ids) end each row instead.
    const bookkeeping = ['layers_json', 'hyperparameters_json', 'layers_id', 'hyperparameters_id', 'change_seq', 'cancel_requested_at', 'cancel_requested_by'];
    expect([...RUN_FIELD_COLUMNS]).toEqual(columns.filter((c) => !c.startsWith('owner_') && !bookkeeping.includes(c)));
  });
});

const fields: RunFields = [
  5, 'name', 'completed', 'tiny', 100, 'cpu', 'CPU', '4.22.0', 2, 3, 10, 11, 12, 4, 0.9, 3, 0.8, 0.85, 0.4, null, 'notes', 1, null, 2, 'rerun',
];

const summary = {
  id: 5,
  name: 'name',
  status: 'completed',
  presetId: 'tiny',
  layers: [{ type: 'flatten' }],
  hyperparameters: { seed: 3, workers: '1', beta1: 0.9, beta2: 0.999 },
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
  realWorldAccuracy: 0.75,
  realWorldViews: 6,
  error: null,
  notes: 'notes',
  tags: ['t'],
  starred: true,
  deletedAt: null,
  parentRunId: 2,
  relation: 'rerun',
};

describe('toRunSummary', () => {
  it('reads each position as its column and parses the settings', () => {
    const row: RunRow = [...fields, '[{"type":"flatten"}]', '{"seed":3,"workers":"1"}', 0.75, 6];
    const run = toRunSummary(row, ['t']);
    expect(run).toEqual(summary);
    // Key order is part of the JSON the command line prints.
    expect(Object.keys(run)).toEqual(Object.keys(summary));
  });
});

describe('toListedRunSummary', () => {
  const settings = new Map<number, unknown>([
    [7, [{ type: 'flatten' }]],
    [8, { seed: 3, workers: '1', beta1: 0.9, beta2: 0.999 }],
  ]);

  it('builds the same summary with the settings found by id', () => {
    const row: ListedRunRow = [...fields, 7, 8, 0.75, 6];
    const run = toListedRunSummary(row, settings, ['t']);
    expect(run).toEqual(summary);
    expect(Object.keys(run)).toEqual(Object.keys(summary));
    expect(run.layers).toBe(settings.get(7));
  });

  it('refuses a run whose settings are missing instead of listing it without them', () => {
    expect(() => toListedRunSummary([...fields, null, 8, 0.75, 6], settings, [])).toThrow('Run 5 is not linked');
    expect(() => toListedRunSummary([...fields, 7, 9, 0.75, 6], settings, [])).toThrow('Run 5 is not linked');
  });

  it('counts how many runs use each settings id', () => {
    const rows: ListedRunRow[] = [
      [...fields, 7, 8, 0.75, 6],
      [...fields, 7, 9, 0.75, 6],
      [...fields, 10, 8, 0.75, 6],
    ];
    expect([...countSettingsUses(rows)].sort(([a], [b]) => a - b)).toEqual([
      [7, 2],
      [8, 2],
      [9, 1],
      [10, 1],
    ]);
  });
});

describe('toMetricSeries', () => {
  it('puts the rows in columns and turns the special column back into the number', () => {
    const series = toMetricSeries({ name: 'loss', split: 'val', kind: 'epoch' }, [
      [3, 1, 0.5, null, 9],
      [4, 1, null, '-inf', 10],
      [5, 2, null, 'nan', 11],
      [6, 2, null, 'inf', 12],
    ]);
    expect(series.name).toBe('loss');
    expect(series.split).toBe('val');
    expect(Array.from(series.step)).toEqual([3, 4, 5, 6]);
    expect(Array.from(series.epoch)).toEqual([1, 1, 2, 2]);
    expect(Array.from(series.value)).toEqual([0.5, -Infinity, NaN, Infinity]);
    expect(Array.from(series.time)).toEqual([9, 10, 11, 12]);
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
