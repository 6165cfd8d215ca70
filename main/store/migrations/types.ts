import type { Database } from '../open';

/**
 * One schema change. `up` runs inside a transaction that also sets PRAGMA user_version to
 * `version`, so a migration either applies completely or not at all. Never edit a migration
 * that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
