/**
 * Runs trained as Slurm jobs: which job trains each, the folder on the shared folder its worker
 * writes to, how far its events file has been recorded, and Slurm's last word on it (state and
 * pending reason). A row stays after its job ended (ended_at set) so a re-submission is never made
 * twice. Also the lab's own settings (the app's Compute setting), one JSON value per key.
 */
import type { Migration } from './types';

const SCHEMA = `
CREATE TABLE slurm_jobs (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  -- The sbatch --job-name of the submission: finds its job again if the process died before
  -- it could write the job id.
  submission TEXT NOT NULL,
  task_index INTEGER NOT NULL CHECK (task_index >= 0),
  job_id TEXT,
  run_dir TEXT NOT NULL,
  -- The Slurm settings it was submitted with: a re-run goes back to the cluster with them.
  settings_json TEXT NOT NULL,
  events_offset INTEGER NOT NULL DEFAULT 0 CHECK (events_offset >= 0),
  state TEXT,
  reason TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
  submitted_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX slurm_jobs_in_flight ON slurm_jobs (run_id) WHERE ended_at IS NULL;

CREATE TABLE lab_settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
);
`;

export const slurmJobs: Migration = {
  version: 9,
  name: 'slurm jobs',
  up(db) {
    db.exec(SCHEMA);
  },
};
