import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { READING_VIEWS } from '../../../common/image/views';
import { describeRealWorld, type RealWorldResult } from '../../../common/training/real-world';
import { InvalidRunInputError, RunNotFoundError } from '../../../main/store/errors';
import { migrate } from '../../../main/store/migrate';
import { ALL_MIGRATIONS } from '../../../main/store/migrations/index';
import { openDatabase } from '../../../main/store/open';
import { createRealWorldStore } from '../../../main/store/real-world-store';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { makeTempDir, newRun, removeTempDirs, steppingClock } from './fixtures';

let store: RunStore;
let file: string;

beforeEach(() => {
  file = path.join(makeTempDir(), 'runs.sqlite');
  store = openRunStore(file, { now: steppingClock() });
});
afterEach(() => {
  store.close();
  removeTempDirs();
});

const scored = (pen: number, shadow: number): Extract<RealWorldResult, { ok: true }> => ({
  ok: true,
  model: 'final',
  correct: pen + shadow,
  total: 60,
  styles: [
    { style: 'pen', correct: pen, total: 30, refused: 0 },
    { style: 'shadow', correct: shadow, total: 30, refused: 2 },
  ],
  views: 6,
});

describe('real-world scores', () => {
  it('are read back per style with the run, and as one figure in the run and in listings', () => {
    const run = store.createRun(newRun());
    const other = store.createRun(newRun({ name: 'never scored' }));
    expect(store.realWorld.record(run.id, scored(30, 21))).toBe(true);

    expect(store.getRunResults(run.id)?.realWorld).toEqual(scored(30, 21));
    expect(store.getRun(run.id)?.realWorldAccuracy).toBeCloseTo(51 / 60, 12);
    const listed = new Map(store.listRuns().map((r) => [r.id, r.realWorldAccuracy]));
    expect(listed.get(run.id)).toBeCloseTo(51 / 60, 12);
    expect(listed.get(other.id)).toBeNull();
    // How many views a picture the score was read in, with the run and in listings; none without a score.
    expect(store.getRun(run.id)?.realWorldViews).toBe(6);
    expect(store.listRuns().find((r) => r.id === run.id)?.realWorldViews).toBe(6);
    expect(store.getRun(other.id)?.realWorldViews).toBeNull();
    expect(store.getRunDetail(other.id)?.realWorld).toBeNull();
  });

  it('keep a run\'s first score: a second one is not written', () => {
    const run = store.createRun(newRun());
    store.realWorld.record(run.id, scored(30, 21));
    expect(store.realWorld.record(run.id, scored(10, 10))).toBe(false);
    expect(store.realWorld.record(run.id, { ok: false, reason: 'gone' })).toBe(false);
    expect(store.realWorld.get(run.id)).toEqual(scored(30, 21));
  });

  it('keep why a run was not scored, until a score replaces it', () => {
    const run = store.createRun(newRun());
    store.realWorld.record(run.id, { ok: false, reason: 'The real-world set was not found at /nowhere.' });
    expect(store.getRunResults(run.id)?.realWorld).toEqual({ ok: false, reason: 'The real-world set was not found at /nowhere.' });
    expect(store.getRun(run.id)?.realWorldAccuracy).toBeNull();

    expect(store.realWorld.record(run.id, scored(29, 30))).toBe(true);
    expect(store.getRun(run.id)?.realWorldAccuracy).toBeCloseTo(59 / 60, 12);
  });

  it('refuse impossible counts and unknown runs, writing nothing', () => {
    const run = store.createRun(newRun());
    const tooMany = { ...scored(30, 30), correct: 61 };
    const brokenStyle = { ...scored(30, 30), styles: [{ style: 'pen', correct: 31, total: 30, refused: 0 }] };
    expect(() => store.realWorld.record(run.id, tooMany)).toThrow(InvalidRunInputError);
    expect(() => store.realWorld.record(run.id, brokenStyle)).toThrow(InvalidRunInputError);
    expect(() => store.realWorld.record(run.id, { ...scored(30, 30), views: 0 })).toThrow(InvalidRunInputError);
    expect(() => store.realWorld.record(run.id, { ...scored(30, 30), views: 1.5 })).toThrow(InvalidRunInputError);
    expect(() => store.realWorld.record(run.id, { ok: false, reason: '' })).toThrow(InvalidRunInputError);
    expect(() => store.realWorld.record(9999, scored(1, 1))).toThrow(RunNotFoundError);
    expect(store.realWorld.get(run.id)).toBeNull();
  });

  it('go with their run when it is removed for good', () => {
    const run = store.createRun(newRun());
    store.finishRun(run.id, 'cancelled');
    store.realWorld.record(run.id, scored(1, 2));
    store.deleteRun(run.id);
    store.trash.purge(run.id);
    expect(store.realWorld.get(run.id)).toBeNull();
  });

  it('survive closing and reopening the data folder', () => {
    const run = store.createRun(newRun());
    store.realWorld.record(run.id, scored(30, 21));
    store.close();
    store = openRunStore(file);
    expect(store.realWorld.get(run.id)).toEqual(scored(30, 21));
  });
});

describe('real-world scores made before pictures were read in several views (migration 010)', () => {
  it('are marked as read in one view, and a row that only says why there is no score gets none', () => {
    const db = openDatabase(':memory:');
    migrate(db, ALL_MIGRATIONS.filter((m) => m.version < 10));
    db.exec(`INSERT INTO runs (id, name, status, layers_json, hyperparameters_json, params, seed, created_at) VALUES (1, 'a', 'completed', '[]', '{}', 0, 1, 0), (2, 'b', 'completed', '[]', '{}', 0, 1, 0)`);
    const styles = JSON.stringify([{ style: 'pen', correct: 29, total: 30, refused: 0 }]);
    db.prepare(`INSERT INTO real_world_scores (run_id, model, correct, total, styles_json, reason, scored_at) VALUES (1, 'final', 29, 30, ?, NULL, 5)`).run(styles);
    db.exec(`INSERT INTO real_world_scores (run_id, model, correct, total, styles_json, reason, scored_at) VALUES (2, NULL, NULL, NULL, NULL, 'The set was missing.', 5)`);

    expect(migrate(db)).toEqual([10]);
    expect(db.prepare('SELECT run_id, views FROM real_world_scores ORDER BY run_id').all()).toEqual([
      { run_id: 1, views: 1 },
      { run_id: 2, views: null },
    ]);
    const scores = createRealWorldStore(db, () => 6);
    expect(scores.get(1)).toEqual({ ok: true, model: 'final', correct: 29, total: 30, styles: JSON.parse(styles), views: 1 });
    expect(scores.get(2)).toEqual({ ok: false, reason: 'The set was missing.' });
    // The run without a score may still be scored, now in six views.
    expect(scores.record(2, { ...scored(30, 30), views: 6 })).toBe(true);
    expect(scores.get(2)).toMatchObject({ ok: true, views: 6 });
    db.close();
  });

  it('say so where a score is described, as it reads lower than the same model would now', () => {
    const percent = (v: number | null) => `${((v ?? 0) * 100).toFixed(1)}%`;
    expect(describeRealWorld({ ...scored(30, 21), views: 1 }, percent)).toBe(
      `85.0% (51 of 60), weakest: shadow 70.0%; read in 1 view a picture (now ${READING_VIEWS.length}), so lower than it would be now`,
    );
    expect(describeRealWorld({ ...scored(30, 21), views: READING_VIEWS.length }, percent)).toBe('85.0% (51 of 60), weakest: shadow 70.0%');
  });
});
