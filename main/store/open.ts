/** Opening SQLite connections with the settings every MNIST Lab connection uses. */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sqliteBindingOptions } from '../native/bindings';

export type Database = BetterSqlite3.Database;

const IN_MEMORY = ':memory:';

/** How long a writer waits for another connection (the CLI, a second window) before giving up. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) a database file, and its parent folder. WAL lets readers and the one
 * writer work at the same time; NORMAL synchronous is durable in WAL mode except for the last
 * commits before a power cut, which is the trade SQLite recommends for WAL.
 */
export function openDatabase(file: string): Database {
  if (file !== IN_MEMORY && file !== '') {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS, ...sqliteBindingOptions() });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    db.close();
    throw describeOpenFailure(file, error);
  }
  return db;
}

/**
 * Reads a file's schema version (PRAGMA user_version) through a read-only connection, so a file
 * from a newer MNIST Lab can be refused before anything (even switching it to WAL) touches it.
 * A missing or empty file is version 0.
 */
export function readDatabaseVersion(file: string): number {
  if (file === IN_MEMORY || file === '' || !fs.existsSync(file) || fs.statSync(file).size === 0) {
    return 0;
  }
  const fromHeader = versionFromHeader(file);
  if (fromHeader !== null) return fromHeader;
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS, ...sqliteBindingOptions() });
    return userVersion(db);
  } catch (error) {
    throw describeOpenFailure(file, error);
  } finally {
    db?.close();
  }
}

/**
 * user_version straight from the file header (offset 60) when no journal or WAL file could hold
 * a newer value: even a read-only SQLite connection would create -wal and -shm files beside a
 * WAL database, and a file that is refused should be left exactly as it was found.
 */
function versionFromHeader(file: string): number | null {
  if (fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-journal`)) return null;
  const header = Buffer.alloc(64);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, 64, 0) < 64) return null;
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return null;
  return header.readInt32BE(60);
}

export function userVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : 0;
}

function describeOpenFailure(file: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`Could not open the MNIST Lab database ${file}: ${reason}`, { cause: error });
}
