/** Brings a database's schema up to date, one transaction per migration. */
import { DataFolderError } from './errors';
import { ALL_MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/types';
import { userVersion, type Database } from './open';

/** The file was written by a newer MNIST Lab; this version must not touch it. */
export class NewerDatabaseError extends DataFolderError {
  readonly databaseVersion: number;
  readonly knownVersion: number;

  constructor(databaseVersion: number, knownVersion: number, file = '') {
    super(
      'newer-version',
      file,
      `This data folder was written by a newer version of MNIST Lab (database version ${databaseVersion}; ` +
        `this version knows up to ${knownVersion}). Update MNIST Lab or choose another data folder.`,
    );
    this.databaseVersion = databaseVersion;
    this.knownVersion = knownVersion;
  }
}

export function newestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((newest, m) => Math.max(newest, m.version), 0);
}

/** Throws NewerDatabaseError when `databaseVersion` is beyond what `migrations` know. */
export function assertKnownVersion(
  databaseVersion: number,
  migrations: readonly Migration[] = ALL_MIGRATIONS,
  file = '',
): void {
  const known = newestVersion(migrations);
  if (databaseVersion > known) throw new NewerDatabaseError(databaseVersion, known, file);
}

/**
 * Applies every migration newer than the database's user_version, oldest first, each in its own
 * IMMEDIATE transaction that also sets user_version; a migration that throws leaves nothing
 * behind. The version is read again inside each transaction so two processes opening the same
 * new file at once do not both apply a migration. Returns the versions applied here.
 */
export function migrate(db: Database, migrations: readonly Migration[] = ALL_MIGRATIONS): number[] {
  const ordered = checkedInOrder(migrations);
  assertKnownVersion(userVersion(db), ordered, db.name);

  const applied: number[] = [];
  for (const migration of ordered) {
    if (migration.version <= userVersion(db)) continue;
    const apply = db.transaction(() => {
      if (migration.version <= userVersion(db)) return false;
      migration.up(db);
      // user_version is stored in the file header, which is part of the transaction.
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    try {
      if (apply.immediate()) applied.push(migration.version);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Updating the database to version ${migration.version} (${migration.name}) failed and was undone: ${reason}`,
        { cause: error },
      );
    }
  }
  return applied;
}

function checkedInOrder(migrations: readonly Migration[]): Migration[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1) {
      throw new Error(`Migration "${m.name}" has version ${m.version}; versions are whole numbers from 1.`);
    }
    if (i > 0 && ordered[i - 1].version === m.version) {
      throw new Error(`Two migrations share version ${m.version} ("${ordered[i - 1].name}" and "${m.name}").`);
    }
  });
  return ordered;
}
