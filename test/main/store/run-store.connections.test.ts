import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { NewerDatabaseError, newestVersion } from '../../../main/store/migrate';
import { ALL_MIGRATIONS } from '../../../main/store/migrations/index';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { makeTempDir, newRun, removeTempDirs, storedPoints, WASM_INFO } from './fixtures';

const stores: RunStore[] = [];
function open(file: string): RunStore {
  const store = openRunStore(file);
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  removeTempDirs();
});

describe('two connections on one file', () => {
  it('write alternately and each sees the other’s writes', () => {
    const file = path.join(makeTempDir(), 'shared.sqlite');
    const app = open(file);
    const cli = open(file);
    const { id } = app.createRun(newRun({ name: 'from the app' }));
    cli.markRunning(id, WASM_INFO);
    for (let step = 1; step <= 200; step++) {
      const writer = step % 2 === 0 ? app : cli;
      writer.appendMetrics(id, [{ name: 'loss', split: 'train', step, epoch: 1, value: 1 / step, time: step }]);
      if (step % 50 === 0) writer.updateRun(id, { notes: `note ${step}` });
    }
    const other = cli.createRun(newRun({ name: 'from the cli' }));
    app.finishRun(id, 'completed');

    expect(storedPoints(app, id).map((m) => m.step)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(cli.getRun(id)).toMatchObject({ status: 'completed', notes: 'note 200' });
    expect(app.listRuns().map((r) => r.id)).toEqual([other.id, id]);
  });

  it('write at the same time as another thread without "database is locked"', async () => {
    const file = path.join(makeTempDir(), 'busy.sqlite');
    const store = open(file);
    const { id } = store.createRun(newRun());
    const rounds = 300;

    // A second writer on its own thread, using plain better-sqlite3 the way another process would.
    const worker = new Worker(
      `
      const { parentPort, workerData } = require('node:worker_threads');
      const Database = require(workerData.driver);
      const db = new Database(workerData.file, { timeout: 5000 });
      db.pragma('busy_timeout = 5000');
      const insert = db.prepare(
        "INSERT INTO metrics (run_id, name, split, step, epoch, value, special, time) VALUES (?, 'lr', 'train', ?, 1, 0.001, NULL, 0)");
      const many = db.transaction((step) => { for (let i = 0; i < 20; i++) insert.run(workerData.id, step); });
      parentPort.postMessage('ready');
      for (let step = 0; step < workerData.rounds; step++) many.immediate(step);
      db.close();
      parentPort.postMessage('done');
      `,
      { eval: true, workerData: { file, id, rounds, driver: createRequire(import.meta.url).resolve('better-sqlite3') } },
    );
    const finished = new Promise<void>((resolve, reject) => {
      worker.on('message', (m) => m === 'done' && resolve());
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));

    for (let step = 0; step < rounds; step++) {
      store.appendMetrics(
        id,
        Array.from({ length: 20 }, () => ({ name: 'loss' as const, split: 'train' as const, step, epoch: 1, value: 0.5, time: 0 })),
      );
    }
    await finished;

    const metrics = storedPoints(store, id);
    expect(metrics.filter((m) => m.name === 'loss')).toHaveLength(rounds * 20);
    expect(metrics.filter((m) => m.name === 'lr')).toHaveLength(rounds * 20);
  });
});

describe('a data folder from a newer MNIST Lab', () => {
  function futureFile(journalMode: 'DELETE' | 'WAL'): string {
    const file = path.join(makeTempDir(), `future-${journalMode}.sqlite`);
    open(file).close();
    const raw = new BetterSqlite3(file);
    raw.pragma(`journal_mode = ${journalMode}`);
    raw.exec('CREATE TABLE added_in_version_99 (x)');
    raw.pragma('user_version = 99');
    raw.close();
    return file;
  }

  for (const mode of ['DELETE', 'WAL'] as const) {
    it(`is refused and its bytes stay the same (${mode} journal)`, () => {
      const file = futureFile(mode);
      const before = fs.readFileSync(file);
      expect(() => openRunStore(file)).toThrow(
        `This data folder was written by a newer version of MNIST Lab (database version 99; this version knows up to ${newestVersion(ALL_MIGRATIONS)}). ` +
          'Update MNIST Lab or choose another data folder.',
      );
      expect(() => openRunStore(file)).toThrow(NewerDatabaseError);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    });
  }
});

describe('store file', () => {
  it('reports the absolute path of its database', () => {
    const dir = makeTempDir();
    const store = open(path.join(dir, 'sub', '..', 'lab.sqlite'));
    expect(store.file).toBe(path.join(dir, 'lab.sqlite'));
  });
});
