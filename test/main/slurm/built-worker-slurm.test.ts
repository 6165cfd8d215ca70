// A run trained on a real Slurm cluster by the built worker, as the app submits it: from the
// project's out/main (the app started from a project folder) and from a copy staged into the shared
// folder (an installed app). Needs `npx electron-vite build` first, like bundled-worker.test.ts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Result } from '../../../common/ipc/contract';
import type { RunSummary } from '../../../common/training/run';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import { SHARED_SUBFOLDER } from '../../../main/slurm/submission';
import { stageWorker } from '../../../main/slurm/stage-worker';
import { workerCommand, type WorkerCommand } from '../../../main/slurm/worker-command';
import { makeTempDir, removeTempDirs, smallHyperparameters, TINY_LAYERS } from '../training/helpers';
import { describeOnSlurm } from './cluster';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BUILT_INDEX = join(ROOT, 'out', 'main', 'index.js');
const SMALL = smallHyperparameters({ epochs: 2, trainLimit: 200, testLimit: 50, batchSize: 50, backend: 'wasm', workers: '1' });

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

let shared: string;
const opened: LabServices[] = [];

/** Trains one small run on Slurm with this worker command; the run as it ended. */
async function trainWith(worker: WorkerCommand): Promise<RunSummary> {
  const services = await createLabServices({ homeDir: makeTempDir('mnist-lab-slurm-'), slurm: { pollMs: 250, worker } });
  opened.push(services);
  const run = value<RunSummary>(await services.dispatch('startRun', [{ name: 'built worker', layers: TINY_LAYERS, hyperparameters: SMALL, compute: { on: 'slurm', slurm: { sharedDir: shared, partition: 'debug', cpus: 1 } } }]));
  return services.slurm.waitFor(run.id);
}

describeOnSlurm('the built worker trains on Slurm', () => {
  beforeAll(() => {
    expect(existsSync(BUILT_INDEX), 'out/main is missing: run `npx electron-vite build` (npm test does)').toBe(true);
    shared = makeTempDir('mnist-lab-slurm-shared-');
  });
  afterAll(async () => {
    for (const services of opened) await services.close();
    removeTempDirs();
  });

  // The compute node is this machine here, so this Node.js stands in for the cluster's `node`.
  const env = { MNIST_LAB_NODE: process.execPath };

  it('from a project folder: out/main/file-worker.js', async () => {
    const worker = workerCommand('built', pathToFileURL(BUILT_INDEX).href, join(shared, SHARED_SUBFOLDER), env);
    const run = await trainWith(worker);
    expect(run.status, run.error ?? '').toBe('completed');
    expect(run.epochsDone).toBe(2);
  }, 180_000);

  it('from an installed app: the copy staged into the shared folder', async () => {
    const staged = stageWorker(ROOT, join(shared, SHARED_SUBFOLDER));
    expect(staged.startsWith(shared)).toBe(true);
    const run = await trainWith({ node: process.execPath, args: [staged] });
    expect(run.status, run.error ?? '').toBe('completed');
    expect(run.epochsDone).toBe(2);
  }, 180_000);
});
