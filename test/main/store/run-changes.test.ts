// Two connections on one data folder, as two processes have them: each learns what the other
// changed (migration 006's change sequences, PRAGMA data_version), and the progress one records
// comes back to the other as the events that wrote it.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../../common/sweeps/types';
import type { TrainingEvent } from '../../../common/training/run';
import { batchesPerEpochOf } from '../../../main/data/mnist';
import { ProgressFromPoints } from '../../../main/services/progress-from-points';
import { migrate } from '../../../main/store/migrate';
import { ALL_MIGRATIONS } from '../../../main/store/migrations/index';
import { openDatabase } from '../../../main/store/open';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { recordEvent } from '../../../main/training/recorder';
import { makeTempDir, newRun, removeTempDirs, WASM_INFO } from './fixtures';

const open: RunStore[] = [];
function twoStores(): { mine: RunStore; theirs: RunStore } {
  const file = path.join(makeTempDir(), 'runs.sqlite');
  const mine = openRunStore(file);
  const theirs = openRunStore(file);
  open.push(mine, theirs);
  return { mine, theirs };
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
  removeTempDirs();
});

describe('change tracking (migration 006)', () => {
  it('numbers existing runs when it is applied, and moves every run written later past all others', () => {
    const db = openDatabase(path.join(makeTempDir(), 'runs.sqlite'));
    try {
      migrate(db, ALL_MIGRATIONS.filter((m) => m.version < 6));
      db.exec(`INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
               VALUES ('old', 'completed', '[]', '{}', 1, 1, 1), ('older', 'failed', '[]', '{}', 1, 1, 2)`);
      migrate(db);
      const seqs = () => db.prepare('SELECT id, change_seq AS seq FROM runs ORDER BY id').all() as { id: number; seq: number }[];
      expect(seqs().map((r) => r.seq)).toEqual([1, 2]);
      db.exec(`UPDATE runs SET name = 'renamed' WHERE id = 1`);
      expect(seqs()).toEqual([{ id: 1, seq: 3 }, { id: 2, seq: 2 }]);
      db.exec(`INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
               VALUES ('new', 'queued', '[]', '{}', 1, 1, 3)`);
      const [first, second, added] = seqs();
      expect(added.id).toBe(3);
      expect(added.seq).toBeGreaterThan(Math.max(first.seq, second.seq));
    } finally {
      db.close();
    }
  });
});

describe('RunChanges between two connections', () => {
  it('moves data_version only for what the other connection commits', () => {
    const { mine, theirs } = twoStores();
    const before = mine.changes.dataVersion();
    mine.createRun(newRun({ name: 'mine' }));
    expect(mine.changes.dataVersion()).toBe(before);
    theirs.createRun(newRun({ name: 'theirs' }));
    expect(mine.changes.dataVersion()).not.toBe(before);
  });

  it('lists the runs changed since a cursor, and the new points of runs it does not own', () => {
    const { mine, theirs } = twoStores();
    const own = mine.createRun(newRun({ name: 'mine' }));
    const cursor = mine.changes.cursor();
    const other = theirs.createRun(newRun({ name: 'theirs' }));
    theirs.markRunning(other.id, WASM_INFO);
    theirs.appendMetrics(other.id, [{ name: 'loss', split: 'train', kind: 'batch', step: 1, epoch: 1, value: NaN, time: 5 }]);
    mine.appendMetrics(own.id, [{ name: 'loss', split: 'train', kind: 'batch', step: 1, epoch: 1, value: 0.5, time: 6 }]);

    const changes = mine.changes.since(cursor);
    expect(changes.runIds).toEqual([other.id]);
    expect(changes.points).toHaveLength(1);
    expect(changes.points[0]).toMatchObject({ runId: other.id, name: 'loss', step: 1 });
    expect(changes.points[0].value).toBeNaN();
    expect(mine.changes.since(changes.cursor)).toMatchObject({ runIds: [], sweepIds: [], points: [] });
  });

  it('sees what comes after the newest run is removed for good: numbers are never handed out twice', () => {
    const { mine, theirs } = twoStores();
    const point = (step: number) => ({ name: 'loss' as const, split: 'train' as const, kind: 'batch' as const, step, epoch: 1, value: 0.5, time: step });
    const gone = theirs.createRun(newRun({ name: 'gone' }));
    theirs.markRunning(gone.id, WASM_INFO);
    theirs.appendMetrics(gone.id, [point(1), point(2), point(3)]);
    theirs.finishRun(gone.id, 'completed');
    theirs.deleteRun(gone.id);
    // Everything so far is seen, the deleted run's change and points the newest of all.
    const cursor = mine.changes.cursor();
    theirs.trash.purge(gone.id);

    const next = theirs.createRun(newRun({ name: 'next' }));
    theirs.markRunning(next.id, WASM_INFO);
    theirs.appendMetrics(next.id, [point(1)]);
    const changes = mine.changes.since(cursor);
    expect(changes.runIds).toEqual([next.id]);
    expect(changes.points.map((p) => p.runId)).toEqual([next.id]);
  });

  it('lists a sweep when it is created and when one of its trials gets its run', () => {
    const { mine, theirs } = twoStores();
    const cursor = mine.changes.cursor();
    const spec = { name: 'lr', metric: 'bestValAccuracy' } as unknown as SweepSpec;
    const sweep = theirs.sweeps.create('lr', spec, [{ index: 0, values: { lr: 0.01 }, seed: 1 }]);
    const created = mine.changes.since(cursor);
    expect(created.sweepIds).toEqual([sweep.id]);
    const run = theirs.createRun(newRun());
    theirs.sweeps.linkRun(sweep.id, 0, run.id);
    expect(mine.changes.since(created.cursor)).toMatchObject({ runIds: [run.id], sweepIds: [sweep.id] });
  });

  it('passes a cancel request to the owner and tells who asked', () => {
    const { mine, theirs } = twoStores();
    const run = theirs.createRun(newRun());
    expect(mine.changes.unfinishedElsewhere().map((r) => r.id)).toEqual([run.id]);
    expect(theirs.changes.unfinishedElsewhere()).toEqual([]);
    expect(theirs.changes.cancelRequestedHere()).toEqual([]);
    expect(mine.changes.requestCancel(run.id, 4242)).toBe(true);
    expect(theirs.changes.cancelRequestedHere()).toEqual([run.id]);
    expect(mine.changes.cancelRequestedHere()).toEqual([]);
    expect(theirs.changes.cancelRequest(run.id)).toMatchObject({ byPid: 4242 });
    theirs.finishRun(run.id, 'cancelled');
    expect(theirs.changes.cancelRequestedHere()).toEqual([]);
    expect(mine.changes.requestCancel(run.id, 4242)).toBe(false);
  });
});

describe('ProgressFromPoints', () => {
  it('gives back the batch and epoch events the owner recorded', () => {
    const { mine, theirs } = twoStores();
    const created = theirs.createRun(newRun({ hyperparameters: { ...newRun().hyperparameters, trainLimit: 100, batchSize: 50 } }));
    expect(batchesPerEpochOf(created.hyperparameters)).toBe(2);
    const cursor = mine.changes.cursor();
    const batch = (step: number, loss: number): TrainingEvent => ({
      type: 'batch', epoch: Math.ceil(step / 2), batch: 2 - (step % 2), batchesPerEpoch: 2, step, loss, accuracy: loss / 10,
      samplesPerSec: 1, elapsedMs: 1, time: 1000 + step, learningRate: 0.01,
    });
    const epoch = (n: number): TrainingEvent => ({
      type: 'epoch', epoch: n, step: 2 * n, time: 1000 + 2 * n, trainLoss: n + 0.5, trainAccuracy: 0.5, valLoss: n + 0.25,
      valAccuracy: 0.75, learningRate: 0.01, seconds: 1,
    });
    const recorded = [batch(1, 3), batch(2, 2.5), epoch(1), batch(3, 2), batch(4, 1.5), epoch(2)];
    theirs.markRunning(created.id, WASM_INFO);
    const run = theirs.getRun(created.id)!;
    const synthesise = new ProgressFromPoints();
    // Read in two looks, the second starting between a batch and its epoch's means at one step.
    const events: TrainingEvent[] = [];
    let at = cursor;
    for (const part of [recorded.slice(0, 2), recorded.slice(2)]) {
      for (const e of part) recordEvent(theirs, created.id, e);
      const changes = mine.changes.since(at);
      at = changes.cursor;
      events.push(...synthesise.events(run, changes.points));
    }
    const essentials = (e: TrainingEvent) =>
      e.type === 'batch'
        ? { type: e.type, epoch: e.epoch, batch: e.batch, step: e.step, loss: e.loss, accuracy: e.accuracy, learningRate: e.learningRate }
        : e.type === 'epoch'
          ? { type: e.type, epoch: e.epoch, step: e.step, trainLoss: e.trainLoss, valLoss: e.valLoss, valAccuracy: e.valAccuracy }
          : { type: e.type };
    expect(events.map(essentials)).toEqual(recorded.map(essentials));
  });
});
