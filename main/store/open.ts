/** Opening SQLite connections with the settings every MNIST Lab connection uses. */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

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
  const db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
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
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    return userVersion(db);
  } catch (error) {
    throw describeOpenFailure(file, error);
  } finally {
    db?.close();
  }
}

export function userVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : 0;
}

function describeOpenFailure(file: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`Could not open the MNIST Lab database ${file}: ${reason}`, { cause: error });
}
