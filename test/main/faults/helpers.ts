/** Shared by the fault suite: temp data folders, real processes, and the checks every fault ends with. */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import type { MetricPoint, TrainingEvent } from '../../../common/training/run';
import { runCli as runCliInProcess } from '../../../main/cli/index';
import { runModelDir } from '../../../main/home';
import { loadModel, MODEL_JSON, saveModel } from '../../../main/models/model-files';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import { processExists } from '../../../main/store/process-liveness';
import type { RunStore } from '../../../main/store/types';
import { buildModel } from '../../../main/training/model';
import { smallHyperparameters, TINY_LAYERS } from '../training/helpers';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const BIN = join(ROOT, 'bin/mnist-lab.js');

const made: string[] = [];

export function makeTempDir(prefix = 'mnist-lab-faults-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Polls until `predicate` holds; rejects with `what` after `timeoutMs`. */
export function waitUntil(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const timer = setInterval(() => {
      let ok = false;
      try {
        ok = predicate();
      } catch {
        ok = false;
      }
      if (ok) {
        clearInterval(timer);
        done();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }
    }, 25);
  });
}

export const isAlive = processExists;

/** The ids of the processes whose parent is `pid` and whose command line contains `match`, from /proc (Linux). */
export function childPids(pid: number, match: RegExp = /(?:)/): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) comes two fields after the parenthesised command name.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && match.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `mnist-lab ARGS --home HOME` as a user would, to completion. */
export function runCli(home: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args, '--home', home],
      { env: { ...process.env, MNIST_LAB_HOME: '', ...env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** What it printed so far. */
  output: { stdout: string; stderr: string };
  /** Resolves once it exited. */
  ended: Promise<void>;
}

/** Starts `mnist-lab ARGS --home HOME` as a user would and leaves it running, collecting what it prints. */
export function startCli(home: string, args: string[]): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args, '--home', home], {
    env: { ...process.env, MNIST_LAB_HOME: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  return { child, output, ended: exited(child) };
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** PRAGMA integrity_check through a read-only connection of its own. */
export function integrityCheck(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** A data folder's database opened raw: the tests tamper with it or read it behind the app's back. */
export function rawDatabase(file: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file, { timeout: 5000 });
  db.pragma('busy_timeout = 5000');
  return db;
}

const key = (p: { name: string; split: string; step: number }): string => `${p.name}/${p.split}/${p.step}`;

/**
 * Every point of every event the parent heard is in the store, with its value: the epoch results
 * of every completed epoch (five points each) and the batch points.
 */
export function expectEventsRecorded(metrics: MetricPoint[], events: TrainingEvent[]): void {
  // An epoch's last step carries two train points of a name: the batch's own and the epoch's mean.
  const stored = new Map<string, number[]>();
  for (const m of metrics) stored.set(key(m), [...(stored.get(key(m)) ?? []), m.value]);
  const expectPoint = (name: string, split: string, step: number, value: number): void => {
    const values = stored.get(key({ name, split, step })) ?? [];
    expect(values.some((v) => Object.is(v, value)), `${name}/${split} = ${value} at step ${step} (stored: ${values})`).toBe(true);
  };
  for (const e of events) {
    if (e.type === 'epoch') {
      expectPoint('loss', 'train', e.step, e.trainLoss);
      expectPoint('accuracy', 'train', e.step, e.trainAccuracy);
      expectPoint('loss', 'val', e.step, e.valLoss);
      expectPoint('accuracy', 'val', e.step, e.valAccuracy);
      expectPoint('lr', 'train', e.step, e.learningRate);
    }
    if (e.type === 'batch') {
      expectPoint('loss', 'train', e.step, e.loss);
      expectPoint('accuracy', 'train', e.step, e.accuracy);
    }
  }
}

let tfReady: Promise<void> | null = null;

async function cpuTf(): Promise<typeof tf> {
  tfReady ??= tf.setBackend('cpu').then(() => undefined);
  await tfReady;
  return tf;
}

/**
 * A completed run with real (untrained) best and final models on disk, recorded as training
 * would: quicker than training when a test only needs a model to load.
 */
export async function seedRunWithModels(store: RunStore, homeDir: string, name = 'seeded'): Promise<number> {
  const { id } = store.createRun({ name, presetId: null, layers: TINY_LAYERS, hyperparameters: smallHyperparameters(), params: 5994 });
  store.markRunning(id, { backend: 'cpu', device: 'test', tfjsVersion: tf.version_core, threads: 1 });
  const model = buildModel(await cpuTf(), TINY_LAYERS, 7);
  try {
    for (const kind of ['best', 'final'] as const) {
      store.recordModel(id, await saveModel(model, { dir: join(runModelDir(homeDir, id), kind), homeDir, kind, epoch: 1 }));
    }
  } finally {
    model.dispose();
  }
  store.finishRun(id, 'completed');
  return id;
}

/** `mnist-lab ARGS --home HOME` in this process (no start-up cost), capturing what it prints. */
export async function cliInProcess(home: string, args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess([...args, '--home', home], {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    interactive: false,
    env: { ...process.env, MNIST_LAB_HOME: '' },
  });
  return { code, stdout, stderr };
}

/** Loads a model folder and runs one prediction: throws if it is incomplete or damaged. */
export async function expectLoadable(dir: string): Promise<void> {
  await cpuTf();
  const model = await loadModel(tf, dir);
  try {
    const output = tf.tidy(() => Array.from((model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor).dataSync()));
    expect(output).toHaveLength(10);
    expect(output.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  } finally {
    model.dispose();
  }
}

/**
 * After a training process died: each model folder of the run is complete and loadable or
 * absent, nothing half-written is left beside it, and every folder the store lists exists.
 */
export async function expectModelFoldersSound(runModelDir: string, recordedPaths: string[], homeDir: string): Promise<string[]> {
  const names = existsSync(runModelDir) ? readdirSync(runModelDir) : [];
  expect(names.filter((n) => !['best', 'final'].includes(n)), `leftovers in ${runModelDir}`).toEqual([]);
  for (const name of names) {
    expect(existsSync(join(runModelDir, name, MODEL_JSON))).toBe(true);
    await expectLoadable(join(runModelDir, name));
  }
  for (const path of recordedPaths) expect(existsSync(join(homeDir, path, MODEL_JSON)), `recorded model ${path}`).toBe(true);
  return names;
}

/** A tmpfs of `sizeKiB` at a new folder, or the reason it cannot be mounted here. */
export function mountTmpfs(sizeKiB: number): { dir: string; unmount: () => void } | { skip: string } {
  const dir = makeTempDir('mnist-lab-tmpfs-');
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    const reason = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
    const message = `Cannot mount a tmpfs here (${reason}); the disk-full tests need root (CI runs as root).`;
    // CI runs as root: there a failed mount is a broken setup, not a reason to skip quietly.
    if (process.env.CI === 'true') throw new Error(message);
    return { skip: message };
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    },
  };
}

/** A temp data folder with services open and one run that has saved models. */
export async function openSeededLab(): Promise<{ home: string; services: LabServices; runId: number }> {
  const home = makeTempDir();
  const services = await createLabServices({ homeDir: home });
  return { home, services, runId: await seedRunWithModels(services.store, home) };
}

export async function closeSeededLab(services: LabServices): Promise<void> {
  await services.close();
  removeTempDirs();
}
