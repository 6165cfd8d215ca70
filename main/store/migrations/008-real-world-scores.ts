/**
 * Each run's real-world score (common/training/real-world.ts): how its final model reads the
 * shipped set of people-like digits, per style, or why it could not be scored (the set was
 * missing). A run has at most one; listings read its overall accuracy from here, so the figure has
 * one home. Runs from before this version have none until `mnist-lab score ID` computes it.
 */
import type { Migration } from './types';

const SCHEMA = `
CREATE TABLE real_world_scores (
  run_id      INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  model       TEXT    CHECK (model IN ('final', 'best')),
  correct     INTEGER CHECK (correct >= 0),
  total       INTEGER CHECK (total >= correct),
  -- [{ style, correct, total, refused }] in the set's order.
  styles_json TEXT,
  -- Why there is no score; exactly one of a score (model, correct, total, styles) and a reason is set.
  reason      TEXT,
  scored_at   INTEGER NOT NULL,
  CHECK ((reason IS NULL) = (model IS NOT NULL AND correct IS NOT NULL AND total IS NOT NULL AND styles_json IS NOT NULL))
) WITHOUT ROWID;
`;

export const realWorldScores: Migration = {
  version: 8,
  name: 'real-world scores',
  up(db) {
    db.exec(SCHEMA);
  },
};
