/**
 * Records which process owns each queued or running run, so a second process on the same data
 * folder (the app and the command line at once) recovers only runs whose owner is gone.
 */
import type { Migration } from './types';

const SCHEMA = `
ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
ALTER TABLE runs ADD COLUMN owner_token TEXT;
ALTER TABLE runs ADD COLUMN owner_started_at INTEGER;

-- Start-up recovery reads only the few unfinished runs, however many finished ones there are.
CREATE INDEX runs_unfinished ON runs (status) WHERE status IN ('queued', 'running');
`;

export const runOwners: Migration = {
  version: 2,
  name: 'run owners',
  up(db) {
    db.exec(SCHEMA);
  },
};
