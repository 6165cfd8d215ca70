/**
 * Why a database file cannot be opened, in words a user can act on. Every check here only reads:
 * a damaged or foreign file is reported and left exactly as it is.
 */
import fs from 'node:fs';
import { isDiskFull } from './disk-full';
import { DataFolderError } from './errors';

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const HEADER_BYTES = 100;

/** The SQLite error codes (or their extended forms) that mean the bytes of the file are wrong. */
const DAMAGED_CODES = ['SQLITE_CORRUPT', 'SQLITE_NOTADB'];
/** ...and those that mean the file cannot be reached or written at all. */
const UNREADABLE_CODES = ['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_AUTH', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST'];

export function damagedDatabase(file: string, reason: string, cause?: unknown): DataFolderError {
  return new DataFolderError(
    'damaged',
    file,
    `The database file ${file} is damaged or is not an MNIST Lab database (${reason}). ` +
      'It was left exactly as it is: move it away, or choose another data folder, to start afresh.',
    { cause },
  );
}

/**
 * Reads the 100-byte header of an existing database file and refuses one that was cut short
 * (a copy interrupted, a disk that filled up): SQLite would open it and fail later, on whichever
 * query first reaches a missing page. Missing and empty files are fine: they become new databases.
 */
export function checkDatabaseHeader(file: string): void {
  if (file === ':memory:' || file === '' || !fs.existsSync(file)) return;
  const size = fs.statSync(file).size;
  if (size === 0) return;
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size < HEADER_BYTES || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw damagedDatabase(file, 'it does not start like an SQLite database');
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The page count in the header is only meaningful when these two counters agree (SQLite file format, 1.3.8).
  const pageCountValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  // Pages may still live in a WAL or journal beside the file (a checkpoint cut short); SQLite replays those itself.
  const sideFile = [`${file}-wal`, `${file}-journal`].some((f) => fs.existsSync(f) && fs.statSync(f).size > 0);
  if (pageCountValid && pages > 0 && size < pages * pageSize && !sideFile) {
    throw damagedDatabase(file, `it is ${size} bytes long but should be ${pages * pageSize}: it was cut short`);
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain.length > 0 ? chain : [error];
}

const matches = (codes: string[], error: unknown): boolean =>
  causes(error).some((e) => codes.some((code) => codeOf(e) === code || codeOf(e).startsWith(`${code}_`)));

/** The deepest message in a chain: SQLite's own words, without our "Could not open ..." prefix. */
function rootReason(error: unknown): string {
  const chain = causes(error);
  const last = chain[chain.length - 1];
  return last instanceof Error ? last.message : String(last);
}

/**
 * Turns a failure to open the store into a DataFolderError when it is one (damaged, unreadable,
 * no room); other errors (a bug, a lock held too long) pass through unchanged.
 */
export function describeOpenProblem(file: string, error: unknown): unknown {
  if (error instanceof DataFolderError) return error;
  if (matches(DAMAGED_CODES, error)) return damagedDatabase(file, rootReason(error), error);
  if (isDiskFull(error)) {
    return new DataFolderError(
      'disk-full',
      file,
      `The disk holding the data folder is full, so MNIST Lab cannot open its database ${file}. Free some space and try again.`,
      { cause: error },
    );
  }
  if (matches(UNREADABLE_CODES, error)) {
    return new DataFolderError(
      'unreadable',
      file,
      `MNIST Lab cannot open its database ${file} (${rootReason(error)}). ` +
        'Check that the data folder exists and that you may read and write it, or choose another data folder.',
      { cause: error },
    );
  }
  return error;
}
