/**
 * How many views each picture of a run's real-world score was read in (common/image/views.ts): a
 * score read in six views a picture comes out higher than the same model read in one, so two runs'
 * scores are compared knowing how each was read. Every score recorded before this migration was
 * read in one view (there were no others), so they get 1; a row that holds no score, only why,
 * keeps none.
 */
import type { Migration } from './types';

export const realWorldViews: Migration = {
  version: 10,
  name: 'real-world score views',
  up(db) {
    db.exec(`
      ALTER TABLE real_world_scores ADD COLUMN views INTEGER CHECK (views IS NULL OR views >= 1);
      UPDATE real_world_scores SET views = 1 WHERE reason IS NULL;
    `);
  },
};
