/**
 * Chooses and starts the TensorFlow.js backend. Every backend runs on the one tfjs-core instance
 * behind '@tensorflow/tfjs', so a single training code path serves tfjs-node-gpu, tfjs-node, wasm
 * and cpu alike. Native packages are first tried in a throwaway child process: a libtensorflow
 * that segfaults or hits an illegal instruction then costs a diagnosis, not the caller's process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, sep } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type * as tfjsWasm from '@tensorflow/tfjs-backend-wasm';
import type { BackendProbe } from '../../common/ipc/contract';
import type { BackendChoice, BackendId } from '../../common/training/hyperparameters';
import type { BackendInfo } from '../../common/training/run';
import { diagnoseKnownNativeError, diagnoseNativeLoadError, type Diagnosis, type NativePackage } from './diagnose';
import { registerWasmTrainingKernels } from './kernels';
import { nativeKernelsLabel } from './kernels/native';
import { unpackedPath } from '../native/asar-path';

const nodeRequire = createRequire(import.meta.url);
// require(), not import: for an ES module importing a CommonJS package, Node first scans every file
// of it for export names, which for TensorFlow.js took ~150 ms of each training thread's start.
const tf = nodeRequire('@tensorflow/tfjs') as typeof tfjs;
const tfWasm = nodeRequire('@tensorflow/tfjs-backend-wasm') as typeof tfjsWasm;

export type Tf = typeof tf;
export interface LoadedTf {
  tf: Tf;
  info: BackendInfo;
}

/** The order 'auto' tries backends in, fastest first. */
export const BACKEND_ORDER: readonly BackendId[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

const NATIVE_PACKAGES: Partial<Record<BackendId, NativePackage>> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
};
/** The name each backend registers under in tfjs-core. */
const TF_NAMES: Record<BackendId, string> = { 'tfjs-node-gpu': 'tensorflow', 'tfjs-node': 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

type Attempt = { ok: true; info: BackendInfo } | ({ ok: false } & Diagnosis);

/** One initialisation per backend per process: a failed native load is not retried, a good one is reused. */
const attempts = new Map<BackendId, Promise<Attempt>>();

/**
 * Starts a backend and makes it the active one. 'auto' takes the first of BACKEND_ORDER that
 * really initialises (setBackend resolves true and a test addition gives the right answer); a
 * forced choice that cannot start throws an Error saying why and what to do.
 */
export async function loadTf(choice: BackendChoice): Promise<LoadedTf> {
  const candidates = choice === 'auto' ? BACKEND_ORDER : [choice];
  const failures: string[] = [];
  for (const id of candidates) {
    const attempt = await initialiseOnce(id);
    if (attempt.ok) {
      if (!(await tf.setBackend(TF_NAMES[id]))) throw new Error(`The ${id} backend started earlier but can no longer be selected.`);
      return { tf, info: attempt.info };
    }
    failures.push(choice === 'auto' ? `${id}: ${attempt.reason} ${attempt.fix}` : `${attempt.reason} ${attempt.fix}`);
  }
  throw new Error(
    choice === 'auto' ? `No TensorFlow.js backend could start.\n${failures.join('\n')}` : `The ${choice} backend cannot be used here. ${failures[0]}`,
  );
}

/** For the doctor: whether each backend of BACKEND_ORDER starts, and if not why and what to do. */
export async function probeBackends(): Promise<BackendProbe[]> {
  const portable = probeInChild([{ id: 'wasm' }, { id: 'cpu' }]);
  const native = (['tfjs-node-gpu', 'tfjs-node'] as const).map((id) => probeNative(id));
  const [gpu, node, [wasm, cpu]] = await Promise.all([native[0], native[1], portable]);
  return [gpu, node, wasm, cpu];
}

function initialiseOnce(id: BackendId): Promise<Attempt> {
  let attempt = attempts.get(id);
  if (!attempt) {
    attempt = initialise(id).catch((error: unknown): Attempt => ({ ok: false, ...describeFailure(id, error) }));
    attempts.set(id, attempt);
  }
  return attempt;
}

function describeFailure(id: BackendId, error: unknown): Diagnosis {
  const pkg = NATIVE_PACKAGES[id];
  if (pkg) return diagnoseNativeLoadError(pkg, error);
  const message = error instanceof Error ? error.message : String(error);
  return id === 'wasm'
    ? { reason: `The WebAssembly backend failed to start: ${message}`, fix: 'Reinstall @tensorflow/tfjs-backend-wasm (npm install); the cpu backend works meanwhile, much more slowly.' }
    : { reason: `The JavaScript cpu backend failed to start: ${message}`, fix: 'Reinstall @tensorflow/tfjs (npm install).' };
}

async function initialise(id: BackendId): Promise<Attempt> {
  const pkg = NATIVE_PACKAGES[id];
  if (pkg) {
    // Where it could crash, try it in a child first; only a clean child run earns an in-process load.
    const [probe] = await probeInChild([{ id, pkg: nodeRequire.resolve(pkg) }]);
    if (!probe.available) return { ok: false, reason: probe.reason ?? 'unknown', fix: probe.fix ?? '' };
    const owner = tensorflowOwner;
    if (owner && owner !== pkg) throw new Error(`this process already loaded ${owner}; only one native TensorFlow fits in a process`);
    nodeRequire(pkg);
    tensorflowOwner = pkg;
    if (!tf.findBackendFactory('tensorflow')) throw new Error(`${pkg} registered its backend on a different copy of @tensorflow/tfjs-core`);
  } else if (id === 'wasm') {
    registerWasmTrainingKernels(tf);
    setWasmPathsOnce();
  }
  if (!(await tf.setBackend(TF_NAMES[id]))) throw new Error(`tf.setBackend('${TF_NAMES[id]}') reported failure`);
  checkArithmetic();
  return { ok: true, info: describeBackend(id) };
}

let tensorflowOwner: NativePackage | null = null;
let wasmPathsSet = false;

/** Point the wasm backend at the .wasm files shipped in its package, so it never fetches (works offline). */
/** The folder of the package's .wasm files; in a packaged app the real one in app.asar.unpacked. */
export function wasmDir(): string {
  return `${unpackedPath(dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm')))}${sep}`;
}

function setWasmPathsOnce(): void {
  if (wasmPathsSet) return;
  tfWasm.setWasmPaths(wasmDir());
  wasmPathsSet = true;
}

function checkArithmetic(): void {
  const values = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)).dataSync());
  if (values[0] !== 2 || values[1] !== 3) throw new Error(`a test addition gave [${Array.from(values)}] instead of [2, 3]`);
}

/** What really runs: the tensorflow backend reports whether TensorFlow found a GPU. */
function describeBackend(id: BackendId): BackendInfo {
  const common = { backend: id, tfjsVersion: tf.version.tfjs };
  // The run's record says whether its convolutions ran on the native kernels, e.g. "CPU (AMD EPYC), native conv kernels (AVX-512)".
  if (id === 'wasm') return { ...common, device: [cpuName(), nativeKernelsLabel()].filter(Boolean).join(', '), threads: tfWasm.getThreadsCount() };
  if (id === 'cpu') return { ...common, device: cpuName(), threads: 1 };
  const usingGpu = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
  // libtensorflow does not report its intra-op pool size; by default it sizes it to the machine.
  return { ...common, device: usingGpu ? gpuName() : cpuName(), threads: cpus().length };
}

const cpuName = (): string => `CPU (${cpus()[0]?.model.trim() || 'unknown model'})`;

function gpuName(): string {
  try {
    const names = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000 });
    const first = names.split('\n')[0]?.trim();
    if (first) return first;
  } catch {
    // nvidia-smi is optional; TensorFlow already told us a CUDA GPU is in use.
  }
  return 'NVIDIA GPU (CUDA)';
}

// ---- Probing in a child process ----

interface ProbeTarget {
  id: BackendId;
  /** Resolved entry file of a native package. */
  pkg?: string;
}

/** Runs in the child (plain CommonJS via -e): loads each target, selects it, checks an addition, prints one JSON line each. */
const PROBE_SCRIPT = `
const spec = JSON.parse(process.env.MNIST_LAB_PROBE);
const tf = require(spec.tfjs);
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
(async () => {
  for (const t of spec.targets) {
    try {
      let name = t.id;
      if (t.pkg) { require(t.pkg); name = 'tensorflow'; }
      if (t.id === 'wasm') { require(spec.wasm).setWasmPaths(spec.wasmDir); }
      if (!(await tf.setBackend(name))) throw new Error("tf.setBackend('" + name + "') reported failure");
      const v = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)).dataSync());
      if (v[0] !== 2 || v[1] !== 3) throw new Error('a test addition gave ' + Array.from(v));
      say({ id: t.id, ok: true, gpu: tf.backend().isUsingGpuDevice === true });
    } catch (e) {
      say({ id: t.id, ok: false, message: String((e && e.message) || e), code: e && e.code });
    }
  }
})().then(() => process.exit(0), (e) => { say({ fatal: String(e) }); process.exit(1); });
`;

const PROBE_TIMEOUT_MS = 90_000;

interface ChildLine {
  id?: BackendId;
  ok?: boolean;
  gpu?: boolean;
  message?: string;
  code?: string;
}

async function probeNative(id: 'tfjs-node-gpu' | 'tfjs-node'): Promise<BackendProbe> {
  const pkg = NATIVE_PACKAGES[id] as NativePackage;
  let entry: string;
  try {
    entry = nodeRequire.resolve(pkg);
  } catch (error) {
    return { backend: id, available: false, ...diagnoseNativeLoadError(pkg, error) };
  }
  return probeNativeEntry(id, entry);
}

/**
 * Loads the native package whose entry file is `entry` in a child process, selects its
 * 'tensorflow' backend there and runs a test addition; a crash or a thrown error becomes a
 * diagnosis. Exported so tests can point it at stand-in packages.
 */
export async function probeNativeEntry(id: 'tfjs-node-gpu' | 'tfjs-node', entry: string): Promise<BackendProbe> {
  const [probe] = await probeInChild([{ id, pkg: entry }]);
  return probe;
}

/** Probes targets in one child process; a target the child never reported on is diagnosed from how it ended. */
function probeInChild(targets: ProbeTarget[]): Promise<BackendProbe[]> {
  const spec = {
    tfjs: nodeRequire.resolve('@tensorflow/tfjs'),
    wasm: nodeRequire.resolve('@tensorflow/tfjs-backend-wasm'),
    wasmDir: wasmDir(),
    targets,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', PROBE_SCRIPT], {
      // ELECTRON_RUN_AS_NODE makes the Electron binary behave as plain Node; Node ignores it.
      env: { ...process.env, MNIST_LAB_PROBE: JSON.stringify(spec), ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: PROBE_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    const finish = (ending: string): void => resolve(targets.map((t) => toProbe(t, parseLines(stdout), stderr, ending)));
    child.on('error', (error) => finish(`the probe process could not start: ${error.message}`));
    child.on('close', (code, signal) =>
      finish(signal ? `the probe process was stopped by ${signal}${signal === 'SIGTERM' ? ` (timed out after ${PROBE_TIMEOUT_MS / 1000} s)` : ''}` : `the probe process exited with code ${code}`),
    );
  });
}

function parseLines(stdout: string): ChildLine[] {
  const lines: ChildLine[] = [];
  for (const line of stdout.split('\n')) {
    try {
      if (line.trim()) lines.push(JSON.parse(line) as ChildLine);
    } catch {
      // A native library printing to stdout is not a probe line.
    }
  }
  return lines;
}

function toProbe(target: ProbeTarget, lines: ChildLine[], stderr: string, ending: string): BackendProbe {
  const line = lines.find((l) => l.id === target.id);
  const pkg = NATIVE_PACKAGES[target.id];
  if (line?.ok) {
    if (target.id !== 'tfjs-node-gpu' || line.gpu) return { backend: target.id, available: true, reason: null, fix: null };
    // tfjs-node-gpu without CUDA still loads, and runs TensorFlow on the CPU: say so, and why if TensorFlow logged it.
    const why = diagnoseKnownNativeError('@tensorflow/tfjs-node-gpu', stderr);
    return {
      backend: target.id,
      available: true,
      reason: `Loads, but TensorFlow found no usable GPU, so it runs on the CPU.${why ? ` ${why.reason}` : ''}`,
      fix: why?.fix ?? 'For the GPU: install an NVIDIA driver, CUDA 11.2 and cuDNN 8.1 (what tfjs-node-gpu 4.x is built against), then run the doctor again.',
    };
  }
  const failure = line ? { message: line.message ?? 'unknown error', code: line.code } : { message: `${ending}\n${stderr}` };
  const diagnosis = pkg ? diagnoseNativeLoadError(pkg, failure) : describeFailure(target.id, failure.message);
  return { backend: target.id, available: false, ...diagnosis };
}
