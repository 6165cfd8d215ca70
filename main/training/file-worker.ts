/**
 * The training worker in file mode, for a compute node of a cluster: a Slurm job starts it as
 * `node --import tsx file-worker.ts RUN_DIR`, or as the built out/main/file-worker.js (see
 * main/slurm/worker-command.ts for which, where). It reads RUN_DIR/job.json, trains, and appends each
 * TrainingEvent (the same messages the local worker sends its parent) as one line to
 * RUN_DIR/events.jsonl; model folders go to RUN_DIR/models/<run>. It never opens SQLite: the
 * submitting process follows the file and is the only writer of the store (main/slurm).
 * A scheduler's kill (time limit, scancel, node failure) needs no handling here: every line
 * written so far stays, and the follower ends the run as interrupted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingEvent } from '../../common/training/run';
import { EVENTS_FILE, fileJobPaths, JOB_FILE, type FileJob } from './file-job';
import { isEnding } from './events';
import { openEventLog } from './event-log';
import { describeFailure, train } from './trainer';
import { replicaEntryBeside } from './parallel/replica-entry';

async function main(runDir: string): Promise<void> {
  const log = openEventLog(join(runDir, EVENTS_FILE));
  let ended = false;
  const emit = (event: TrainingEvent): void => {
    if (ended) return;
    ended = isEnding(event);
    log.append(event);
  };
  const fail = (err: unknown): void => {
    emit({ type: 'failed', message: describeFailure(err) });
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  const job = JSON.parse(readFileSync(join(runDir, JOB_FILE), 'utf8')) as FileJob;
  // Cancelling is scancel's: the job is ended from outside, so nothing here ever sets this.
  const signal = { cancelled: false };
  await train({ ...job, ...fileJobPaths(runDir, job.runId) }, emit, signal, { replicaEntry: replicaEntryBeside(import.meta.url) ?? undefined });
  if (!ended) emit({ type: 'failed', message: 'Training stopped without reporting a result.' });
  log.close();
  process.exit(0);
}

const runDir = process.argv[2];
if (!runDir) {
  console.error('usage: file-worker.ts RUN_DIR (started by MNIST Lab as a Slurm job)');
  process.exit(2);
}
void main(runDir);
