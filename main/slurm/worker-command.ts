/**
 * What a Slurm job runs to start the file-mode training worker, for each way MNIST Lab runs:
 * - source (the CLI and `mnist-lab serve`, under tsx): main/training/file-worker.ts with tsx, from
 *   the project folder, which the compute nodes must see (a checkout on the cluster's /home);
 * - built (the app started from a project folder, `electron-vite dev|preview`): out/main/file-worker.js,
 *   whose bare imports resolve from the project's node_modules;
 * - packaged (an installed app): its install folder is rarely on the cluster (an AppImage is not even
 *   a real folder), so the built worker and the packages it imports are copied once per build into
 *   the shared folder (stage-worker.ts) and the job runs that copy.
 * Built and staged workers run under `node` from the compute node's PATH (or MNIST_LAB_NODE): the
 * Electron binary needs desktop libraries a compute node often lacks, and its path is on this machine.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stageWorker, stageWorkerAhead } from './stage-worker';

/** How a compute node starts the worker: a Node.js binary and its arguments (the run folder comes last). */
export interface WorkerCommand {
  node: string;
  args: string[];
}

export type WorkerMode = 'source' | 'built' | 'packaged';

/** The built entry's name (electron.vite.config.ts); not a literal inside new URL() so bundlers leave it alone. */
export const BUILT_WORKER = 'file-worker.js';
const SOURCE_WORKER = '../training/file-worker.ts';

/** Which mode the module at `moduleUrl` (this file from source, or the bundle it was built into) runs in. */
export function workerMode(moduleUrl: string): WorkerMode {
  if (moduleUrl.endsWith('.ts')) return 'source';
  return /[\\/]app\.asar[\\/]/.test(fileURLToPath(moduleUrl)) ? 'packaged' : 'built';
}

/** The node a compute node runs: MNIST_LAB_NODE, else this Node.js from source (same path on a shared checkout), else `node` from PATH. */
export function computeNode(mode: WorkerMode, env: NodeJS.ProcessEnv = process.env): string {
  if (env.MNIST_LAB_NODE) return env.MNIST_LAB_NODE;
  return mode === 'source' && !process.versions.electron ? process.execPath : 'node';
}

/** `jobsDir`: MNIST Lab's folder on the shared folder, where a packaged app stages its worker. */
export function workerCommand(mode: WorkerMode, moduleUrl: string, jobsDir: string, env: NodeJS.ProcessEnv = process.env): WorkerCommand {
  const node = computeNode(mode, env);
  if (mode === 'source') {
    const worker = fileURLToPath(new URL(SOURCE_WORKER, moduleUrl));
    if (!existsSync(worker)) throw new Error(`The training worker source (${worker}) is not here: Slurm jobs run it from the project folder.`);
    const tsx = pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href;
    return { node, args: ['--import', tsx, worker] };
  }
  // The bundle's index.js sits in out/main beside file-worker.js.
  const built = join(dirname(fileURLToPath(moduleUrl)), BUILT_WORKER);
  if (mode === 'built') {
    if (!existsSync(built)) throw new Error(`The built training worker (${built}) is missing: run \`npx electron-vite build\`.`);
    return { node, args: [built] };
  }
  return { node, args: [stageWorker(appRootOf(built), jobsDir)] };
}

/** The folder holding out/ (resources/app.asar in an installed app). */
const appRootOf = (builtWorker: string): string => dirname(dirname(dirname(builtWorker)));

/** Shared folders whose copy is under way or done in this process. */
const stagedAhead = new Set<string>();

/**
 * An installed app starts copying its worker into `jobsDir` without waiting, ahead of the first
 * submission (see stageWorkerAhead); in the other modes there is nothing to copy.
 */
export function stageAhead(jobsDir: string, onError: (error: unknown) => void, moduleUrl: string = import.meta.url): Promise<void> {
  if (workerMode(moduleUrl) !== 'packaged' || stagedAhead.has(jobsDir)) return Promise.resolve();
  stagedAhead.add(jobsDir);
  return stageWorkerAhead(appRootOf(join(dirname(fileURLToPath(moduleUrl)), BUILT_WORKER)), jobsDir).then(
    () => undefined,
    (error: unknown) => {
      // Tried again next time; meanwhile a submission copies it itself and says so when it cannot.
      stagedAhead.delete(jobsDir);
      onError(error);
    },
  );
}

/** The command for this process: see the modes above. */
export function defaultWorkerCommand(jobsDir: string): WorkerCommand {
  return workerCommand(workerMode(import.meta.url), import.meta.url, jobsDir);
}
