/**
 * Sweeps: a sweep's specification (write-once), its status and the process driving it, and one
 * row per planned trial with its parameter values and seed (write-once), linked to its run once
 * the run exists. A trial stopped by successive halving records the epoch it was pruned at.
 */
import type { Migration } from './types';

const SCHEMA = `
CREATE TABLE sweeps (
  id                INTEGER PRIMARY KEY,
  name              TEXT    NOT NULL,
  spec_json         TEXT    NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'cancelled')),
  created_at        INTEGER NOT NULL,
  finished_at       INTEGER,
  owner_pid         INTEGER,
  owner_token       TEXT,
  owner_started_at  INTEGER
);

CREATE TABLE sweep_trials (
  sweep_id         INTEGER NOT NULL REFERENCES sweeps (id),
  trial_index      INTEGER NOT NULL CHECK (trial_index >= 0),
  values_json      TEXT    NOT NULL,
  seed             INTEGER NOT NULL,
  run_id           INTEGER UNIQUE REFERENCES runs (id),
  pruned_at_epoch  INTEGER,
  PRIMARY KEY (sweep_id, trial_index)
);

CREATE TRIGGER sweeps_spec_write_once
BEFORE UPDATE OF spec_json, created_at ON sweeps
WHEN NEW.spec_json IS NOT OLD.spec_json OR NEW.created_at IS NOT OLD.created_at
BEGIN
  SELECT RAISE(ABORT, 'A sweep''s specification cannot be changed.');
END;

-- A trial's settings are its record: they never change, and its run is linked once.
CREATE TRIGGER sweep_trials_write_once
BEFORE UPDATE ON sweep_trials
WHEN NEW.values_json IS NOT OLD.values_json OR NEW.seed IS NOT OLD.seed
  OR NEW.sweep_id IS NOT OLD.sweep_id OR NEW.trial_index IS NOT OLD.trial_index
  OR (OLD.run_id IS NOT NULL AND NEW.run_id IS NOT OLD.run_id)
BEGIN
  SELECT RAISE(ABORT, 'A trial''s settings cannot be changed.');
END;
`;

export const sweeps: Migration = {
  version: 4,
  name: 'sweeps',
  up(db) {
    db.exec(SCHEMA);
  },
};
