import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, readDatabaseVersion, userVersion } from '../../../main/store/open';
import { makeTempDir, removeTempDirs } from './fixtures';

afterEach(removeTempDirs);

describe('openDatabase', () => {
  it('creates the parent folders and turns on WAL, busy timeout, foreign keys and NORMAL sync', () => {
    const file = path.join(makeTempDir(), 'nested', 'deeper', 'lab.sqlite');
    const db = openDatabase(file);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // synchronous: 0 OFF, 1 NORMAL, 2 FULL
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('keeps WAL mode in the file for the next connection', () => {
    const file = path.join(makeTempDir(), 'lab.sqlite');
    openDatabase(file).close();
    const raw = new BetterSqlite3(file);
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('opens an in-memory database for tests', () => {
    const db = openDatabase(':memory:');
    try {
      expect(db.memory).toBe(true);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('readDatabaseVersion', () => {
  it('is 0 for a missing file and does not create it', () => {
    const file = path.join(makeTempDir(), 'absent.sqlite');
    expect(readDatabaseVersion(file)).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('reads user_version without switching the file to WAL', () => {
    const file = path.join(makeTempDir(), 'old.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma('user_version = 3');
    raw.close();

    expect(readDatabaseVersion(file)).toBe(3);
    const check = new BetterSqlite3(file);
    try {
      expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(userVersion(check)).toBe(3);
    } finally {
      check.close();
    }
  });

  it('explains when the file is not a database', () => {
    const file = path.join(makeTempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'these are my notes, not a database, and they are long enough to have a header'.repeat(10));
    expect(() => readDatabaseVersion(file)).toThrow(/Could not open the MNIST Lab database .*notes\.sqlite/);
  });
});
