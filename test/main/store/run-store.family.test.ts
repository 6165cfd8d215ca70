// A run's parent (the run it re-ran or was forked from) is recorded once, read back with every
// summary, and gathered into the family a run's detail shows.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/store/migrate';
import { ALL_MIGRATIONS } from '../../../main/store/migrations/index';
import { openDatabase } from '../../../main/store/open';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { makeTempDir, newRun, removeTempDirs, steppingClock } from './fixtures';

const stores: RunStore[] = [];
function memoryStore(): RunStore {
  const store = openRunStore(':memory:', { now: steppingClock() });
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  removeTempDirs();
});

describe('run parents', () => {
  it('records a re-run’s and a fork’s parent and shows the family from either side', () => {
    const store = memoryStore();
    const original = store.createRun(newRun({ name: 'original' }));
    const rerun = store.createRun(newRun({ name: 'again', parent: { runId: original.id, relation: 'rerun' } }));
    const fork = store.createRun(newRun({ name: 'wider', parent: { runId: original.id, relation: 'fork' } }));
    const grandchild = store.createRun(newRun({ name: 'again again', parent: { runId: rerun.id, relation: 'rerun' } }));

    expect(original).toMatchObject({ parentRunId: null, relation: null });
    expect(rerun).toMatchObject({ parentRunId: original.id, relation: 'rerun' });
    expect(store.listRuns().find((r) => r.id === fork.id)).toMatchObject({ parentRunId: original.id, relation: 'fork' });

    const family = store.getRunDetail(original.id)?.family;
    expect(family?.parent).toBeNull();
    expect(family?.children.map((c) => [c.id, c.name, c.relation, c.status, c.deletedAt])).toEqual([
      [rerun.id, 'again', 'rerun', 'queued', null],
      [fork.id, 'wider', 'fork', 'queued', null],
    ]);
    const middle = store.getRunDetail(rerun.id)?.family;
    expect(middle?.parent).toMatchObject({ id: original.id, name: 'original', relation: null });
    expect(middle?.children.map((c) => c.id)).toEqual([grandchild.id]);
  });

  it('keeps a deleted parent in the family, marked as deleted', () => {
    const store = memoryStore();
    const original = store.createRun(newRun({ name: 'original' }));
    store.finishRun(original.id, 'cancelled');
    const rerun = store.createRun(newRun({ parent: { runId: original.id, relation: 'rerun' } }));
    store.deleteRun(original.id);
    expect(store.getRunDetail(rerun.id)?.family.parent).toMatchObject({ id: original.id, deletedAt: expect.any(Number) });
  });

  it('refuses a parent that does not exist or a relation it does not know, writing nothing', () => {
    const store = memoryStore();
    const original = store.createRun(newRun());
    expect(() => store.createRun(newRun({ parent: { runId: 99, relation: 'rerun' } }))).toThrow(/99/);
    expect(() => store.createRun(newRun({ parent: { runId: original.id, relation: 'copy' as 'fork' } }))).toThrow(/re-?run or fork/);
    expect(() => store.createRun(newRun({ parent: { runId: 0, relation: 'fork' } }))).toThrow(/whole number/);
    expect(store.listRuns().map((r) => r.id)).toEqual([original.id]);
  });

  it('opens a data folder from before parents were recorded: old runs have none, new ones can', () => {
    const file = path.join(makeTempDir(), 'version-4.sqlite');
    const old = openDatabase(file);
    migrate(old, ALL_MIGRATIONS.filter((m) => m.version < 5));
    const { layers, hyperparameters } = newRun();
    old.prepare(
      `INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
       VALUES ('from before', 'completed', ?, ?, 10, 7, 1)`,
    ).run(JSON.stringify(layers), JSON.stringify(hyperparameters));
    old.close();

    const upgraded = openRunStore(file);
    try {
      const [before] = upgraded.listRuns();
      expect(before).toMatchObject({ name: 'from before', parentRunId: null, relation: null });
      const rerun = upgraded.createRun(newRun({ parent: { runId: before.id, relation: 'rerun' } }));
      expect(upgraded.getRunDetail(before.id)?.family.children.map((c) => c.id)).toEqual([rerun.id]);
    } finally {
      upgraded.close();
    }
  });

  it('never changes a recorded parent', () => {
    const file = path.join(makeTempDir(), 'lab.sqlite');
    const store = openRunStore(file);
    const original = store.createRun(newRun());
    const rerun = store.createRun(newRun({ parent: { runId: original.id, relation: 'rerun' } }));
    store.close();
    const db = openDatabase(file);
    try {
      expect(() => db.prepare('UPDATE runs SET parent_run_id = NULL WHERE id = ?').run(rerun.id)).toThrow("A run's parent cannot be changed.");
      expect(() => db.prepare("UPDATE runs SET parent_relation = 'fork' WHERE id = ?").run(rerun.id)).toThrow(/cannot be changed/);
      expect(() => db.prepare('UPDATE runs SET parent_run_id = ? WHERE id = ?').run(rerun.id, original.id)).toThrow(/cannot be changed/);
      expect(() => db.prepare("UPDATE runs SET name = 'renamed' WHERE id = ?").run(rerun.id)).not.toThrow();
    } finally {
      db.close();
    }
  });
});
