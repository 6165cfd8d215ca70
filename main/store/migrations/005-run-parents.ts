/**
 * A run's parent: the run it re-ran or was forked from, and which of the two. Written once, when
 * the run is created; runs from before this version have none. Deleting a run is soft, so the
 * parent stays; should a parent row ever be removed for good, its children keep the relation and
 * lose only the reference.
 */
import type { Migration } from './types';

const SCHEMA = `
ALTER TABLE runs ADD COLUMN parent_run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN parent_relation TEXT
  CHECK (COALESCE(parent_relation IN ('rerun', 'fork'), parent_run_id IS NULL));

CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

CREATE TRIGGER runs_parent_write_once
BEFORE UPDATE OF parent_run_id, parent_relation ON runs
WHEN NEW.parent_relation IS NOT OLD.parent_relation
  OR (NEW.parent_run_id IS NOT OLD.parent_run_id
      AND NOT (NEW.parent_run_id IS NULL AND NOT EXISTS (SELECT 1 FROM runs WHERE id = OLD.parent_run_id)))
BEGIN
  SELECT RAISE(ABORT, 'A run''s parent cannot be changed.');
END;
`;

export const runParents: Migration = {
  version: 5,
  name: 'run parents',
  up(db) {
    db.exec(SCHEMA);
  },
};
