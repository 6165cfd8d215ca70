import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_STATUSES } from '../../../common/training/run';
import { assertKnownVersion, migrate, NewerDatabaseError } from '../../../main/store/migrate';
import { ALL_MIGRATIONS } from '../../../main/store/migrations/index';
import type { Migration } from '../../../main/store/migrations/types';
import { openDatabase, userVersion, type Database } from '../../../main/store/open';
import { makeTempDir, removeTempDirs } from './fixtures';

const open: Database[] = [];
function memoryDb(): Database {
  const db = openDatabase(':memory:');
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  removeTempDirs();
});

function schemaOf(db: Database): { type: string; name: string; sql: string | null }[] {
  return db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all();
}

const newest = Math.max(...ALL_MIGRATIONS.map((m) => m.version));

describe('migrate', () => {
  it('builds the whole schema from an empty database', () => {
    const db = memoryDb();
    expect(migrate(db)).toEqual(ALL_MIGRATIONS.map((m) => m.version));
    expect(userVersion(db)).toBe(newest);
    const names = schemaOf(db).map((s) => `${s.type}:${s.name}`);
    for (const table of ['runs', 'tags', 'metrics', 'confusion', 'models']) expect(names).toContain(`table:${table}`);
    expect(names).toContain('index:metrics_by_run_series');
    expect(names).toContain('index:runs_by_created_at');
  });

  it('indexes metrics by (run_id, name, split, step), runs by created_at and tags by run_id', () => {
    const db = memoryDb();
    migrate(db);
    const columns = (index: string) =>
      db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index).map((c) => c.name);
    expect(columns('metrics_by_run_series')).toEqual(['run_id', 'name', 'split', 'step']);
    expect(columns('runs_by_created_at')).toEqual(['created_at']);
    const tagKey = db
      .prepare<[], { name: string; pk: number }>('SELECT name, pk FROM pragma_table_info(\'tags\') WHERE pk > 0 ORDER BY pk')
      .all();
    expect(tagKey.map((c) => c.name)).toEqual(['run_id', 'tag']);
  });

  it('is idempotent: a second run applies nothing and changes nothing', () => {
    const db = memoryDb();
    migrate(db);
    const before = schemaOf(db);
    expect(migrate(db)).toEqual([]);
    expect(schemaOf(db)).toEqual(before);
    expect(userVersion(db)).toBe(newest);
  });

  it('applies only the pending migrations, in version order', () => {
    const db = memoryDb();
    const order: string[] = [];
    const step = (version: number): Migration => ({
      version,
      name: `step ${version}`,
      up: (d) => {
        order.push(`v${version}`);
        d.exec(`CREATE TABLE t${version} (x)`);
      },
    });
    expect(migrate(db, [step(2), step(1)])).toEqual([1, 2]);
    expect(migrate(db, [step(1), step(2), step(3)])).toEqual([3]);
    expect(order).toEqual(['v1', 'v2', 'v3']);
    expect(userVersion(db)).toBe(3);
  });

  it('rolls a failing migration back completely and keeps the ones before it', () => {
    const db = memoryDb();
    const good: Migration = { version: 1, name: 'good', up: (d) => d.exec('CREATE TABLE kept (x)') };
    const bad: Migration = {
      version: 2,
      name: 'half done',
      up: (d) => {
        d.exec('CREATE TABLE half (x)');
        d.exec("INSERT INTO kept VALUES ('written by the failing migration')");
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [good, bad])).toThrow(/version 2 \(half done\) failed and was undone: disk on fire/);
    expect(userVersion(db)).toBe(1);
    const tables = schemaOf(db).map((s) => s.name);
    expect(tables).toContain('kept');
    expect(tables).not.toContain('half');
    expect(db.prepare('SELECT count(*) FROM kept').pluck().get()).toBe(0);
  });

  it('refuses a database from a newer version without touching it', () => {
    const db = memoryDb();
    db.pragma('user_version = 99');
    const error = (() => {
      try {
        migrate(db);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect((error as Error).message).toBe(
      `This data folder was written by a newer version of MNIST Lab (database version 99; this version knows up to ${newest}). ` +
        'Update MNIST Lab or choose another data folder.',
    );
    expect(userVersion(db)).toBe(99);
    expect(schemaOf(db)).toEqual([]);
  });

  it('leaves the bytes of a newer database file unchanged', () => {
    const file = path.join(makeTempDir(), 'newer.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = DELETE');
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.pragma('user_version = 99');
    raw.close();
    const before = fs.readFileSync(file);

    const db = new BetterSqlite3(file);
    expect(() => migrate(db)).toThrow(NewerDatabaseError);
    db.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('rejects migration lists with repeated or invalid versions', () => {
    const db = memoryDb();
    const noop = (version: number, name: string): Migration => ({ version, name, up: () => undefined });
    expect(() => migrate(db, [noop(1, 'a'), noop(1, 'b')])).toThrow(/Two migrations share version 1/);
    expect(() => migrate(db, [noop(0, 'zero')])).toThrow(/versions are whole numbers from 1/);
    expect(userVersion(db)).toBe(0);
  });
});

describe('the initial schema', () => {
  function insertRun(db: Database, status: string): number {
    const result = db
      .prepare(
        `INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
         VALUES ('r', ?, '[]', '{"seed":1}', 0, 1, 0)`,
      )
      .run(status);
    return Number(result.lastInsertRowid);
  }

  it('accepts exactly the run statuses the app knows', () => {
    const db = memoryDb();
    migrate(db);
    for (const status of RUN_STATUSES) expect(() => insertRun(db, status)).not.toThrow();
    expect(() => insertRun(db, 'paused')).toThrow(/CHECK constraint failed/);
  });

  it('keeps the layers and hyperparameters of a run as first written', () => {
    const db = memoryDb();
    migrate(db);
    const id = insertRun(db, 'queued');
    expect(() => db.prepare(`UPDATE runs SET hyperparameters_json = '{"seed":2}' WHERE id = ?`).run(id)).toThrow(
      'The layers and hyperparameters of a run cannot be changed once it is created.',
    );
    expect(() => db.prepare(`UPDATE runs SET layers_json = '[{}]' WHERE id = ?`).run(id)).toThrow(/cannot be changed/);
    expect(() => db.prepare(`UPDATE runs SET name = 'renamed', hyperparameters_json = hyperparameters_json WHERE id = ?`).run(id)).not.toThrow();
  });

  it('removes a run’s tags, metrics, results and models with it', () => {
    const db = memoryDb();
    migrate(db);
    const id = insertRun(db, 'completed');
    db.prepare("INSERT INTO tags VALUES (?, 't', 0)").run(id);
    db.prepare("INSERT INTO metrics (run_id, name, split, step, epoch, value, special, time) VALUES (?, 'loss', 'train', 1, 1, NULL, 'nan', 0)").run(id);
    db.prepare("INSERT INTO confusion VALUES (?, '[]', '[]', x'00')").run(id);
    db.prepare("INSERT INTO models VALUES (?, 'final', 'p', 's', 1, 1, 0)").run(id);
    db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    for (const table of ['tags', 'metrics', 'confusion', 'models']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
  });

  it('refuses a metric with both or neither of value and special', () => {
    const db = memoryDb();
    migrate(db);
    const id = insertRun(db, 'running');
    const insert = db.prepare("INSERT INTO metrics (run_id, name, split, step, epoch, value, special, time) VALUES (?, 'loss', 'train', 1, 1, ?, ?, 0)");
    expect(() => insert.run(id, 1, 'nan')).toThrow(/CHECK/);
    expect(() => insert.run(id, null, null)).toThrow(/CHECK/);
  });
});

describe('assertKnownVersion', () => {
  it('accepts versions up to the newest migration', () => {
    expect(() => assertKnownVersion(0)).not.toThrow();
    expect(() => assertKnownVersion(newest)).not.toThrow();
    expect(() => assertKnownVersion(newest + 1)).toThrow(NewerDatabaseError);
  });
});

describe('shared settings texts (version 3)', () => {
  const beforeSharing = ALL_MIGRATIONS.filter((m) => m.version < 3);

  function insertRun(db: Database, layersJson: string, hyperparametersJson: string): number {
    const result = db
      .prepare(
        `INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
         VALUES ('r', 'completed', ?, ?, 0, 1, 0)`,
      )
      .run(layersJson, hyperparametersJson);
    return Number(result.lastInsertRowid);
  }

  /** Each run's linked texts, next to its own. */
  function links(db: Database) {
    return db
      .prepare<[], { id: number; layersId: number | null; hyperparametersId: number | null; layersMatch: number; hyperparametersMatch: number }>(
        `SELECT r.id, r.layers_id AS layersId, r.hyperparameters_id AS hyperparametersId,
           (SELECT json FROM settings_texts WHERE id = r.layers_id) IS r.layers_json AS layersMatch,
           (SELECT json FROM settings_texts WHERE id = r.hyperparameters_id) IS r.hyperparameters_json AS hyperparametersMatch
         FROM runs r ORDER BY r.id`,
      )
      .all();
  }

  const texts = (db: Database) => db.prepare<[], string>('SELECT json FROM settings_texts ORDER BY id').pluck().all();

  it('links the runs already there, storing each distinct text once', () => {
    const db = memoryDb();
    migrate(db, beforeSharing);
    const a = insertRun(db, '[{"type":"flatten"}]', '{"seed":1}');
    const b = insertRun(db, '[{"type":"flatten"}]', '{"seed":2}');
    const c = insertRun(db, '[{"type":"dense","units":10}]', '{"seed":1}');

    expect(migrate(db)).toEqual(ALL_MIGRATIONS.filter((m) => m.version >= 3).map((m) => m.version));
    expect(texts(db)).toEqual(['[{"type":"flatten"}]', '[{"type":"dense","units":10}]', '{"seed":1}', '{"seed":2}']);
    const linked = links(db);
    expect(linked.map((l) => l.id)).toEqual([a, b, c]);
    expect(linked.every((l) => l.layersMatch === 1 && l.hyperparametersMatch === 1)).toBe(true);
    expect(linked[0].layersId).toBe(linked[1].layersId);
    expect(linked[0].hyperparametersId).toBe(linked[2].hyperparametersId);
    expect(linked[0].hyperparametersId).not.toBe(linked[1].hyperparametersId);
  });

  it('leaves an empty database with an empty table', () => {
    const db = memoryDb();
    migrate(db, beforeSharing);
    migrate(db);
    expect(texts(db)).toEqual([]);
    expect(schemaOf(db).map((s) => `${s.type}:${s.name}`)).toContain('table:settings_texts');
  });

  it('links every new run, reusing texts already stored, whatever the insert says about conflicts', () => {
    const db = memoryDb();
    migrate(db);
    insertRun(db, '[{"type":"flatten"}]', '{"seed":1}');
    insertRun(db, '[{"type":"flatten"}]', '{"seed":1}');
    db.prepare(
      `INSERT OR REPLACE INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
       VALUES ('r', 'queued', '[{"type":"flatten"}]', '{"seed":3}', 0, 3, 0)`,
    ).run();
    expect(texts(db)).toEqual(['[{"type":"flatten"}]', '{"seed":1}', '{"seed":3}']);
    const linked = links(db);
    expect(linked).toHaveLength(3);
    expect(linked.every((l) => l.layersMatch === 1 && l.hyperparametersMatch === 1)).toBe(true);
    expect(new Set(linked.map((l) => l.layersId)).size).toBe(1);
  });

  it('refuses to link a run to settings that are not its own, or to change a stored text', () => {
    const db = memoryDb();
    migrate(db);
    const id = insertRun(db, '[{"type":"flatten"}]', '{"seed":1}');
    const [{ hyperparametersId }] = links(db);
    expect(() => db.prepare('UPDATE runs SET layers_id = ? WHERE id = ?').run(hyperparametersId, id)).toThrow(
      'A run is linked to settings that are not its own.',
    );
    expect(() => db.prepare('UPDATE runs SET hyperparameters_id = NULL WHERE id = ?').run(id)).toThrow(/not its own/);
    expect(() => db.prepare(`UPDATE settings_texts SET json = '[]'`).run()).toThrow('Stored settings cannot be changed.');
    expect(() => db.prepare('DELETE FROM settings_texts').run()).toThrow(/FOREIGN KEY/);
    expect(links(db)[0]).toMatchObject({ layersMatch: 1, hyperparametersMatch: 1 });
  });
});
