/**
 * The trash: runs deleted from the Runs screen or `mnist-lab delete` stay restorable until they are
 * removed for good. Removing one deletes its rows (metrics, tags, test results, model records go
 * with it, ON DELETE CASCADE) and hands back the model folders for the caller to remove from disk:
 * the database is changed first, so a run is never left listed with its model files gone.
 */
import type { Database } from './open';
import { RunNotFoundError, RunStateError } from './errors';

export interface TrashStore {
  /** Removes a deleted run for good; returns the recorded paths of its model folders. */
  purge(id: number): string[];
}

export function createTrashStore(db: Database): TrashStore {
  const selectRun = db.prepare<[number], { deleted_at: number | null }>('SELECT deleted_at FROM runs WHERE id = ?');
  const selectTrial = db.prepare<[number], { sweep_id: number; trial_index: number }>('SELECT sweep_id, trial_index FROM sweep_trials WHERE run_id = ?');
  const selectModelPaths = db.prepare<[number], { path: string }>('SELECT path FROM models WHERE run_id = ? ORDER BY kind');
  const deleteRun = db.prepare<[number]>('DELETE FROM runs WHERE id = ? AND deleted_at IS NOT NULL');

  return {
    purge(id) {
      return db.transaction((): string[] => {
        const run = selectRun.get(id);
        if (!run) throw new RunNotFoundError(id);
        if (run.deleted_at === null) throw new RunStateError(`Run ${id} is not in the trash: delete it first, then remove it for good.`);
        // A sweep's record of its trials keeps its runs: the sweep's results would otherwise change.
        const trial = selectTrial.get(id);
        if (trial) throw new RunStateError(`Run ${id} is trial #${trial.trial_index + 1} of sweep ${trial.sweep_id}, which keeps its runs; it stays in the trash.`);
        const paths = selectModelPaths.all(id).map((row) => row.path);
        deleteRun.run(id);
        return paths;
      }).immediate();
    },
  };
}
