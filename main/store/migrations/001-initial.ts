/**
 * The first schema: runs with their settings and outcomes (MLflow-like), tags, metric series,
 * the confusion matrix and per-example predictions of the test evaluation, and saved models.
 */
import type { Migration } from './types';

/*
 * The run statuses are spelled out rather than taken from RUN_STATUSES: a shipped migration must
 * create the same schema forever, even after the TypeScript list changes (a later migration then
 * rebuilds the CHECK).
 */
const SCHEMA = `
CREATE TABLE runs (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT    NOT NULL,
  status               TEXT    NOT NULL CHECK (status IN
                         ('queued', 'running', 'completed', 'cancelled', 'diverged', 'failed', 'interrupted')),
  preset_id            TEXT,
  layers_json          TEXT    NOT NULL,
  hyperparameters_json TEXT    NOT NULL,
  params               INTEGER NOT NULL,
  backend              TEXT,
  device               TEXT,
  tfjs_version         TEXT,
  threads              INTEGER,
  seed                 INTEGER NOT NULL,
  created_at           INTEGER NOT NULL,
  started_at           INTEGER,
  finished_at          INTEGER,
  epochs_done          INTEGER NOT NULL DEFAULT 0,
  best_val_accuracy    REAL,
  best_epoch           INTEGER,
  final_val_accuracy   REAL,
  test_accuracy        REAL,
  test_loss            REAL,
  error                TEXT,
  notes                TEXT    NOT NULL DEFAULT '',
  starred              INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
  deleted_at           INTEGER
);
CREATE INDEX runs_by_created_at ON runs (created_at);

-- What a run was trained with is a record of the past: keep it exactly as first written.
CREATE TRIGGER runs_settings_write_once
BEFORE UPDATE OF layers_json, hyperparameters_json, seed ON runs
WHEN NEW.layers_json IS NOT OLD.layers_json
  OR NEW.hyperparameters_json IS NOT OLD.hyperparameters_json
  OR NEW.seed IS NOT OLD.seed
BEGIN
  SELECT RAISE(ABORT, 'The layers and hyperparameters of a run cannot be changed once it is created.');
END;

-- The primary key (run_id, tag) is the index on tags(run_id); position keeps the user's order.
CREATE TABLE tags (
  run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tag      TEXT    NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;

-- SQLite stores NaN as NULL, so non-finite values live in special ('nan', 'inf', '-inf') with
-- value NULL; exactly one of the two is set.
CREATE TABLE metrics (
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
CREATE INDEX metrics_by_run_series ON metrics (run_id, name, split, step);

CREATE TABLE confusion (
  run_id         INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  matrix_json    TEXT NOT NULL,
  per_class_json TEXT NOT NULL,
  predictions    BLOB NOT NULL
);

CREATE TABLE models (
  run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind       TEXT    NOT NULL CHECK (kind IN ('final', 'best')),
  path       TEXT    NOT NULL,
  sha256     TEXT    NOT NULL,
  bytes      INTEGER NOT NULL,
  epoch      INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, kind)
);
`;

export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(SCHEMA);
  },
};
