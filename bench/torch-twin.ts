/**
 * Runs bench/torch/twin.py, the PyTorch-on-CPU twin of a recorded run (same layers and recipe),
 * timed from spawn to exit like the project's command. PyTorch is a measuring aid, never a
 * dependency: twinUnavailable() says why it cannot run here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultMnistDir } from '../main/data/mnist';
import { torchEnv } from './torch-env';

/** Debian's python3-torch lives under the system python, not a pyenv or venv one on PATH. */
export const TWIN_PYTHON = '/usr/bin/python3';
const TWIN = resolve(import.meta.dirname, 'torch', 'twin.py');

/** Null when the twin can run; otherwise the reason, for a clear message instead of a failure. */
export function twinUnavailable(): string | null {
  if (!existsSync(TWIN_PYTHON)) return `${TWIN_PYTHON} is missing (Debian/Ubuntu: apt-get install python3 python3-torch).`;
  const probe = spawnSync(TWIN_PYTHON, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
  if (probe.status !== 0) return `PyTorch is not installed for ${TWIN_PYTHON} (Debian/Ubuntu: apt-get install python3-torch).`;
  return null;
}

export interface TwinResult {
  seconds: number;
  testAccuracy: number | null;
  valAccuracies: Array<number | null>;
  error?: string;
}

/** Trains the twin of `run` (the `mnist-lab show ID --json` document) on `threads` threads. */
export async function runTwin(run: Record<string, unknown>, threads: number): Promise<TwinResult> {
  const dir = await mkdtemp(join(tmpdir(), 'mnist-lab-twin-'));
  try {
    const runFile = join(dir, 'run.json');
    await writeFile(runFile, JSON.stringify({ layers: run.layers, hyperparameters: run.hyperparameters }));
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(TWIN_PYTHON, [TWIN, defaultMnistDir(), runFile, String(threads)], { stdio: ['ignore', 'pipe', 'pipe'], env: torchEnv() });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
      child.on('error', fail);
      child.on('close', (exit) => done({ code: exit, stdout: out, stderr: err }));
    });
    const seconds = (performance.now() - started) / 1000;
    try {
      const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { testAccuracy?: unknown; valAccuracies?: unknown };
      return {
        seconds,
        testAccuracy: typeof parsed.testAccuracy === 'number' ? parsed.testAccuracy : null,
        valAccuracies: Array.isArray(parsed.valAccuracies) ? (parsed.valAccuracies as Array<number | null>) : [],
      };
    } catch {
      return { seconds, testAccuracy: null, valAccuracies: [], error: stderr.trim().split('\n').pop() ?? `exit code ${code}` };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
