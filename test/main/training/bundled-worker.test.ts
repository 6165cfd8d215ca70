/**
 * The built app starts its training process from out/main/worker.js, which must find replica.js
 * beside it for data-parallel training. Electron's utilityProcess cannot start here, so the same
 * bundle runs under Node's fork (both give the worker the same ParentChannel).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import { STAGED_PACKAGES, stageWorker } from '../../../main/slurm/stage-worker';
import { EVENTS_FILE, JOB_FILE, type FileJob } from '../../../main/training/file-job';
import { createChildProcessRunner } from '../../../main/training/runner';
import { makeJob, makeTempDir, removeTempDirs } from './helpers';

const OUT_MAIN = resolve(import.meta.dirname, '..', '..', '..', 'out', 'main');
const BUNDLED_WORKER = join(OUT_MAIN, 'worker.js');

afterAll(removeTempDirs);

describe('the bundled main side', () => {
  // A bundler shim once declared `require` twice in a chunk: a SyntaxError only a started app would hit.
  it('parses: every built main-side file passes node --check', () => {
    const files = readdirSync(OUT_MAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'worker.js', 'file-worker.js', 'replica.js']));
    for (const file of files) {
      const check = spawnSync(process.execPath, ['--check', join(OUT_MAIN, file)], { encoding: 'utf8' });
      expect(check.status, `${file}: ${check.stderr}`).toBe(0);
    }
  });

  it('trains with two worker threads from the built replica entry', async () => {
    expect(existsSync(BUNDLED_WORKER), 'out/main/worker.js is missing: run `npx electron-vite build` (npm test does)').toBe(true);
    const runner = createChildProcessRunner({ workerPath: BUNDLED_WORKER, execArgv: [] });
    const events: TrainingEvent[] = [];
    const job = makeJob(makeTempDir(), { epochs: 1, trainLimit: 256, batchSize: 64, workers: '2' });
    const handle = runner.start(job, (e) => events.push(e));
    const ending = await handle.ended;
    expect(ending.type, JSON.stringify(ending)).toBe('done');
    expect(events.find((e) => e.type === 'started')).toMatchObject({ info: { threads: 2 } });
  }, 60_000);

  // What a Slurm job runs (main/slurm/worker-command.ts): the built file-mode worker, under plain node.
  it('trains a run in file mode from the built file-worker.js, writing its events file', async () => {
    const events = await trainInFileMode(join(OUT_MAIN, 'file-worker.js'));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['started', 'epoch', 'done']));
    expect(events.at(-1)?.type).toBe('done');
  }, 60_000);

  it('stages every package the built file worker and its chunks import', () => {
    const texts = [join(OUT_MAIN, 'file-worker.js'), ...readdirSync(join(OUT_MAIN, 'chunks')).map((f) => join(OUT_MAIN, 'chunks', f))].map((f) => readFileSync(f, 'utf8'));
    const imported = new Set(texts.flatMap((text) => [...text.matchAll(/(?:from|import\()\s*["']([^"'./][^"']*)["']/g)].map((m) => m[1])));
    const packages = [...imported].filter((name) => !name.startsWith('node:')).map((name) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'));
    expect(packages.length).toBeGreaterThan(0);
    for (const name of packages) expect(STAGED_PACKAGES, name).toContain(name);
  });

  // An installed app copies the worker into the shared folder; the copy must need nothing from the install folder.
  it('trains in file mode from a copy staged into another folder, with only the packages it carries', async () => {
    const staged = stageWorker(resolve(OUT_MAIN, '..', '..'), join(makeTempDir(), 'mnist-lab-jobs'));
    expect(staged.startsWith(OUT_MAIN)).toBe(false);
    const events = await trainInFileMode(staged);
    expect(events.at(-1)?.type, JSON.stringify(events.at(-1))).toBe('done');
  }, 120_000);
});

/** Runs `node WORKER RUN_DIR` as a Slurm job would (no tsx, no parent channel) and reads the events it wrote. */
async function trainInFileMode(worker: string): Promise<TrainingEvent[]> {
  const runDir = join(makeTempDir(), 'task-0');
  mkdirSync(runDir, { recursive: true });
  const { runId, layers, hyperparameters } = makeJob(runDir, { epochs: 1, trainLimit: 256, testLimit: 64, batchSize: 64, backend: 'wasm', workers: '1' });
  const job: FileJob = { runId, layers, hyperparameters };
  writeFileSync(join(runDir, JOB_FILE), JSON.stringify(job));
  const child = spawn(process.execPath, [worker, runDir], { cwd: runDir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  expect(code, stderr).toBe(0);
  return readFileSync(join(runDir, EVENTS_FILE), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TrainingEvent);
}
