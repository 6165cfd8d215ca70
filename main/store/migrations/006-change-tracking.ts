/**
 * Lets one process see what another changed in the same data folder (the app and the command
 * line at once): every write to a run or a sweep moves it to the end of its table's change
 * sequence, so a watcher asks "what changed after N" without reading every row. A run also
 * records when another process asked its owner to cancel it, and which process asked.
 */
import type { Migration } from './types';

/**
 * Moves a row of `table` to the end of the table's change sequence whenever it is written.
 * Triggers rather than the store's statements: every writer of any version from this one on
 * counts its changes, whatever it writes. An update made by a trigger does not fire that trigger
 * again (recursive triggers are off), and the WHEN clause keeps it so even where they are on.
 */
const countChanges = (table: string): string => `
ALTER TABLE ${table} ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE ${table} SET change_seq = id;
CREATE INDEX ${table}_by_change_seq ON ${table} (change_seq);

CREATE TRIGGER ${table}_count_insert
AFTER INSERT ON ${table}
BEGIN
  UPDATE ${table} SET change_seq = (SELECT MAX(change_seq) FROM ${table}) + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER ${table}_count_update
AFTER UPDATE ON ${table}
WHEN NEW.change_seq IS OLD.change_seq
BEGIN
  UPDATE ${table} SET change_seq = (SELECT MAX(change_seq) FROM ${table}) + 1 WHERE id = NEW.id;
END;
`;

const SCHEMA = `
${countChanges('runs')}
ALTER TABLE runs ADD COLUMN cancel_requested_at INTEGER;
ALTER TABLE runs ADD COLUMN cancel_requested_by INTEGER;

${countChanges('sweeps')}
-- A trial linked to its run or pruned changes what its sweep shows.
CREATE TRIGGER sweep_trials_count_update
AFTER UPDATE ON sweep_trials
BEGIN
  UPDATE sweeps SET change_seq = (SELECT MAX(change_seq) FROM sweeps) + 1 WHERE id = NEW.sweep_id;
END;
`;

export const changeTracking: Migration = {
  version: 6,
  name: 'change tracking across processes',
  up(db) {
    db.exec(SCHEMA);
  },
};
