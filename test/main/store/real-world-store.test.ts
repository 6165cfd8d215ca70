import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RealWorldResult } from '../../../common/training/real-world';
import { InvalidRunInputError, RunNotFoundError } from '../../../main/store/errors';
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

const scored = (pen: number, shadow: number): RealWorldResult => ({
  ok: true,
  model: 'final',
  correct: pen + shadow,
  total: 60,
  styles: [
    { style: 'pen', correct: pen, total: 30, refused: 0 },
    { style: 'shadow', correct: shadow, total: 30, refused: 2 },
  ],
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
