// Migration 007: every metric point says whether it is a batch's or an epoch's. Points recorded
// before it are classified from how the recorder wrote them; the recorder's own kinds are the truth.
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricKind, MetricPoint, TrainingEvent } from '../../../common/training/run';
import { migrate } from '../../../main/store/migrate';
import { ALL_MIGRATIONS } from '../../../main/store/migrations/index';
import { openDatabase, type Database } from '../../../main/store/open';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { recordEvent } from '../../../main/training/recorder';
import { newRun, WASM_INFO } from './fixtures';

const closing: { close(): void }[] = [];
afterEach(() => {
  for (const c of closing.splice(0)) c.close();
});

const started = (batchesPerEpoch: number): TrainingEvent => ({
  type: 'started',
  info: WASM_INFO,
  trainSize: 100,
  valSize: 10,
  testSize: 10,
  batchesPerEpoch,
  epochs: 3,
  params: 1,
});

const batch = (epoch: number, step: number, loss: number): TrainingEvent => ({
  type: 'batch',
  epoch,
  batch: step,
  batchesPerEpoch: 4,
  step,
  loss,
  accuracy: 1 - loss / 10,
  samplesPerSec: 1,
  elapsedMs: step,
  time: 1_000 + step,
  learningRate: 0.01,
});

const epochEnd = (epoch: number, step: number): TrainingEvent => ({
  type: 'epoch',
  epoch,
  step,
  time: 1_000 + step,
  trainLoss: 5 - epoch,
  trainAccuracy: 0.5 + epoch / 10,
  valLoss: 6 - epoch,
  valAccuracy: 0.4 + epoch / 10,
  learningRate: 0.01,
  seconds: 1,
});

interface Written extends MetricPoint {
  runId: number;
}

/** A store that remembers every point the recorder appends, in the order it writes them. */
function recordingStore(): { store: RunStore; written: Written[] } {
  const inner = openRunStore(':memory:');
  closing.push(inner);
  const written: Written[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'appendMetrics') {
        return (runId: number, points: MetricPoint[]) => {
          target.appendMetrics(runId, points);
          written.push(...points.map((p) => ({ ...p, runId })));
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, written };
}

/** A database as version 6 left it, holding the points as that version's recorder wrote them. */
function version6With(written: readonly Written[]): Database {
  const db = openDatabase(':memory:');
  closing.push(db);
  migrate(
    db,
    ALL_MIGRATIONS.filter((m) => m.version < 7),
  );
  const runIds = [...new Set(written.map((p) => p.runId))];
  const insertRun = db.prepare(
    `INSERT INTO runs (id, name, status, layers_json, hyperparameters_json, params, seed, created_at)
     VALUES (?, 'r', 'running', '[]', '{}', 0, 1, 0)`,
  );
  for (const id of runIds) insertRun.run(id);
  const insertPoint = db.prepare(
    `INSERT INTO metrics (run_id, name, split, step, epoch, value, special, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of written) {
    const finite = Number.isFinite(p.value);
    insertPoint.run(p.runId, p.name, p.split, p.step, p.epoch, finite ? p.value : null, finite ? null : 'nan', p.time);
  }
  return db;
}

const kindsOf = (db: Database): MetricKind[] => db.prepare<[], MetricKind>('SELECT kind FROM metrics ORDER BY id').pluck().all();

describe('metric kinds (migration 007)', () => {
  it('classifies points recorded before it exactly as the recorder marks them now', () => {
    const { store, written } = recordingStore();
    const a = store.createRun(newRun({ name: 'a' })).id;
    const b = store.createRun(newRun({ name: 'b' })).id;
    recordEvent(store, a, started(4));
    recordEvent(store, b, started(2));
    // Two runs trained at once (two processes on one data folder), their writes interleaved;
    // batch events are thinned out, but an epoch's last batch is always recorded.
    const events: [number, TrainingEvent][] = [
      [a, batch(1, 1, 9)],
      [b, batch(1, 1, 8)],
      [a, batch(1, 3, 7)],
      [b, batch(1, 2, 6)],
      [b, epochEnd(1, 2)],
      [a, batch(1, 4, 5)],
      [a, epochEnd(1, 4)],
      [b, batch(2, 4, Number.NaN)],
      [a, batch(2, 6, 4)],
      [a, batch(2, 8, 3)],
      [b, epochEnd(2, 4)],
      [a, epochEnd(2, 8)],
      // Run a is in the middle of its third epoch.
      [a, batch(3, 9, 2)],
      [a, batch(3, 10, 1)],
    ];
    for (const [run, event] of events) recordEvent(store, run, event);

    const db = version6With(written);
    expect(migrate(db)).toEqual(ALL_MIGRATIONS.filter((m) => m.version >= 7).map((m) => m.version));
    expect(kindsOf(db)).toEqual(written.map((p) => p.kind));
    // Both kinds occur, at the same steps: the test is not passed by calling everything one kind.
    expect(new Set(kindsOf(db))).toEqual(new Set(['batch', 'epoch']));
  });

  it('marks an epoch whose last batch was not recorded (only its own points at that step) as an epoch', () => {
    const { store, written } = recordingStore();
    const id = store.createRun(newRun()).id;
    recordEvent(store, id, started(4));
    recordEvent(store, id, batch(1, 2, 3));
    recordEvent(store, id, epochEnd(1, 4));
    const db = version6With(written);
    migrate(db);
    expect(kindsOf(db)).toEqual(written.map((p) => p.kind));
  });

  it('refuses a kind that is neither', () => {
    const db = openDatabase(':memory:');
    closing.push(db);
    migrate(db);
    db.prepare(`INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at) VALUES ('r', 'running', '[]', '{}', 0, 1, 0)`).run();
    const insert = db.prepare(`INSERT INTO metrics (run_id, name, split, kind, step, epoch, value, time) VALUES (1, 'loss', 'train', ?, 1, 1, 0.5, 0)`);
    expect(() => insert.run('summary')).toThrow(/CHECK constraint/);
    expect(() => insert.run('epoch')).not.toThrow();
  });

  it('reads a run back per kind: the epoch table takes the epoch points only', () => {
    const { store } = recordingStore();
    const id = store.createRun(newRun()).id;
    recordEvent(store, id, started(4));
    recordEvent(store, id, batch(1, 4, 9));
    recordEvent(store, id, epochEnd(1, 4));
    recordEvent(store, id, batch(2, 5, 0.25));
    const series = store.getMetricSeries(id);
    expect(series.map((s) => `${s.split}/${s.name}/${s.kind}`)).toEqual([
      'train/accuracy/batch',
      'train/accuracy/epoch',
      'val/accuracy/epoch',
      'train/loss/batch',
      'train/loss/epoch',
      'val/loss/epoch',
      'train/lr/batch',
      'train/lr/epoch',
    ]);
    const trainLoss = series.find((s) => s.name === 'loss' && s.split === 'train' && s.kind === 'batch');
    expect(Array.from(trainLoss?.value ?? [])).toEqual([9, 0.25]);
  });
});
