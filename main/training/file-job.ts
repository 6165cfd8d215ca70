/** What the file-mode worker (file-worker.ts) and the process following it agree on: file names and the job. */
import { join } from 'node:path';
import type { TrainingJob } from '../../common/training/run';

/** What the submitting process writes for each run: the job, less the folders (they are the run folder's). */
export type FileJob = Pick<TrainingJob, 'runId' | 'layers' | 'hyperparameters'>;

export const JOB_FILE = 'job.json';
export const EVENTS_FILE = 'events.jsonl';

/** Folder names are the data folder's (models/<run>/final), so a model's recorded path holds after the move. */
export const fileJobPaths = (runDir: string, runId: number): Pick<TrainingJob, 'homeDir' | 'modelDir'> => ({
  homeDir: runDir,
  modelDir: join(runDir, 'models', String(runId)),
});
