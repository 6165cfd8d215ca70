/**
 * Hands runs to Slurm as one job array: a folder per submission on the shared folder with a task
 * folder per run (its job.json, later its events and model files), and one batch script that starts
 * the project's own training worker in file mode on whichever node runs the task.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sbatchOptions, type SlurmSettings } from '../../common/compute/compute-target';
import type { RunSummary } from '../../common/training/run';
import type { RunStore } from '../store/types';
import { JOB_FILE, type FileJob } from '../training/file-job';
import { NATIVE_KERNELS_ENV } from '../training/kernels/native';
import type { SlurmCommands } from './slurm-commands';
import { defaultWorkerCommand, stageAhead, type WorkerCommand } from './worker-command';

export type { WorkerCommand } from './worker-command';

/** The shared folder's subfolder MNIST Lab writes into. */
export const SHARED_SUBFOLDER = 'mnist-lab-jobs';

export interface PreparedSubmission {
  /** Also the jobs' --job-name: finds the job again should this process die before sbatch answered. */
  name: string;
  dir: string;
  tasks: { runId: number; taskIndex: number; runDir: string }[];
  options: string[];
  script: string;
}

/** An installed app copies its worker into this cluster's shared folder now, so the first submission need not wait for it. */
export function prepareWorkerAhead(settings: SlurmSettings, onError: (error: unknown) => void): void {
  void stageAhead(join(settings.sharedDir, SHARED_SUBFOLDER), onError);
}

/** A copy made ahead that failed: a submission tries again and, when it cannot either, fails its runs with the reason. */
export const workerNotCopied = (error: unknown): void => console.error('MNIST Lab could not copy its training worker to the shared folder yet:', error);

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

export const taskDir = (dir: string, index: number): string => join(dir, `task-${index}`);

export function prepareSubmission(runs: readonly RunSummary[], settings: SlurmSettings, worker?: WorkerCommand): PreparedSubmission {
  const id = randomUUID().slice(0, 13);
  const name = `mnist-lab-${id}`;
  const jobsDir = join(settings.sharedDir, SHARED_SUBFOLDER);
  const dir = join(jobsDir, id);
  // Before any folder is made: a worker that cannot be found or staged fails the runs with nothing left behind.
  const command = worker ?? defaultWorkerCommand(jobsDir);
  const tasks = runs.map((run, taskIndex) => {
    const runDir = taskDir(dir, taskIndex);
    mkdirSync(runDir, { recursive: true });
    const job: FileJob = { runId: run.id, layers: run.layers, hyperparameters: run.hyperparameters };
    writeFileSync(join(runDir, JOB_FILE), JSON.stringify(job));
    return { runId: run.id, taskIndex, runDir };
  });
  const limit = settings.maxRunning ? `%${settings.maxRunning}` : '';
  const options = [
    `--job-name=${name}`,
    `--array=0-${runs.length - 1}${limit}`,
    `--chdir=${dir}`,
    `--output=${join(dir, 'task-%a', 'slurm.out')}`,
    ...sbatchOptions(settings),
  ];
  const line = [command.node, ...command.args].map(quote).join(' ');
  const script = [
    '#!/bin/sh',
    '# MNIST Lab: one training run per array task.',
    // The native conv kernels were compiled for the CPU of the machine that ran npm install; a
    // compute node's may lack its instructions. Off unless the submitter turned them on.
    `export ${NATIVE_KERNELS_ENV}="\${${NATIVE_KERNELS_ENV}:-off}"`,
    `exec ${line} ${quote(dir)}/task-"$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
  return { name, dir, tasks, options, script };
}

/**
 * Prepares, records (before sbatch, with no job ids yet) and submits runs as one job array.
 * When the folders cannot be made or sbatch refuses, says why: the caller fails the runs.
 */
export function handOver(store: RunStore, commands: SlurmCommands, runs: readonly RunSummary[], settings: SlurmSettings, worker?: WorkerCommand): { ok: true } | { ok: false; message: string } {
  const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  let prepared: PreparedSubmission;
  try {
    prepared = prepareSubmission(runs, settings, worker);
  } catch (error) {
    return { ok: false, message: `This run could not be handed to Slurm: ${reason(error)}` };
  }
  store.slurm.add(prepared.tasks.map((t) => ({ ...t, submission: prepared.name })), settings);
  try {
    store.slurm.setJobIds(prepared.name, commands.sbatch(prepared.options, prepared.script));
    return { ok: true };
  } catch (error) {
    rmSync(prepared.dir, { recursive: true, force: true });
    return { ok: false, message: `Slurm did not take this run: ${reason(error)}` };
  }
}
