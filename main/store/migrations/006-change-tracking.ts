/**
 * Lets one process see what another changed in the same data folder (the app and the command
 * line at once): every write to a run or a sweep moves it to the end of its table's change
 * sequence, so a watcher asks "what changed after N" without reading every row. A run also
 * records when another process asked its owner to cancel it, and which process asked.
 */
import type { Migration } from './types';

/**
 * Moves a row of `table` to the end of the change sequence whenever it is written. The numbers come
 * from one counter that only goes up: a MAX()+1 would hand out a number again once the row holding
 * the highest one is removed for good, and a watcher already past it would never see that change.
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
  UPDATE change_counter SET value = value + 1;
  UPDATE ${table} SET change_seq = (SELECT value FROM change_counter) WHERE id = NEW.id;
END;

CREATE TRIGGER ${table}_count_update
AFTER UPDATE ON ${table}
WHEN NEW.change_seq IS OLD.change_seq
BEGIN
  UPDATE change_counter SET value = value + 1;
  UPDATE ${table} SET change_seq = (SELECT value FROM change_counter) WHERE id = NEW.id;
END;
`;

/**
 * Metric points get an AUTOINCREMENT id (the table is rebuilt once, keeping every point and its
 * order): a plain rowid is handed out again after the newest points are removed with their run,
 * and a watcher reading "points after N" would skip the next process's first points.
 */
const METRICS_WITH_COUNTED_IDS = `
CREATE TABLE metrics_counted (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name    TEXT    NOT NULL,
  split   TEXT    NOT NULL,
  step    INTEGER NOT NULL,
  epoch   INTEGER NOT NULL,
  value   REAL,
  special TEXT CHECK (special IN ('nan', 'inf', '-inf')),
  time    INTEGER NOT NULL,
  CHECK ((value IS NULL) <> (special IS NULL))
);
INSERT INTO metrics_counted (id, run_id, name, split, step, epoch, value, special, time)
  SELECT rowid, run_id, name, split, step, epoch, value, special, time FROM metrics ORDER BY rowid;
DROP TABLE metrics;
ALTER TABLE metrics_counted RENAME TO metrics;
CREATE INDEX metrics_by_run_series ON metrics (run_id, name, split, step);
`;

const SCHEMA = `
CREATE TABLE change_counter (value INTEGER NOT NULL);
INSERT INTO change_counter (value) SELECT MAX(COALESCE((SELECT MAX(id) FROM runs), 0), COALESCE((SELECT MAX(id) FROM sweeps), 0));

${countChanges('runs')}
ALTER TABLE runs ADD COLUMN cancel_requested_at INTEGER;
ALTER TABLE runs ADD COLUMN cancel_requested_by INTEGER;

${countChanges('sweeps')}
-- A trial linked to its run or pruned changes what its sweep shows.
CREATE TRIGGER sweep_trials_count_update
AFTER UPDATE ON sweep_trials
BEGIN
  UPDATE change_counter SET value = value + 1;
  UPDATE sweeps SET change_seq = (SELECT value FROM change_counter) WHERE id = NEW.sweep_id;
END;

${METRICS_WITH_COUNTED_IDS}
`;

export const changeTracking: Migration = {
  version: 6,
  name: 'change tracking across processes',
  up(db) {
    db.exec(SCHEMA);
  },
};
