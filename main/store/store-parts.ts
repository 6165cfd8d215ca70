/**
 * The store's parts beside the runs themselves, each over the same connection: sweeps, change
 * tracking between processes, the trash, real-world scores, Slurm jobs and the lab's settings.
 */
import type { Database } from './open';
import type { RunOwner } from './owner';
import { createLabSettingsStore } from './lab-settings';
import { createRealWorldStore } from './real-world-store';
import { createRunChanges } from './run-changes';
import { createSlurmJobStore } from './slurm-job-store';
import { createSweepStore } from './sweep-store';
import { createTrashStore } from './trash-store';

export function createStoreParts(db: Database, now: () => number, owner: RunOwner) {
  return {
    sweeps: createSweepStore(db, now, owner),
    changes: createRunChanges(db, owner, now),
    trash: createTrashStore(db),
    realWorld: createRealWorldStore(db, now),
    slurm: createSlurmJobStore(db, now, owner),
    settings: createLabSettingsStore(db),
  };
}

export type StoreParts = ReturnType<typeof createStoreParts>;
