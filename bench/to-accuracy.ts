/**
 * `--to-accuracy`: one full run of a preset through the real command line
 * (`mnist-lab train --json` in a fresh home folder: queue, training process, store, final test
 * evaluation), timed from spawn to exit. The accuracy reported is the run's TEST accuracy on the
 * 10k test set; validation accuracy is printed next to it but never decides anything.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BackendChoice } from '../common/training/hyperparameters';

const CLI = resolve(import.meta.dirname, '..', 'bin', 'mnist-lab.js');

export interface ToAccuracyResult {
  reached: boolean;
  /** Wall seconds from starting the command to its exit (backend, data, training, test evaluation). */
  seconds: number;
  testAccuracy: number | null;
  bestValAccuracy: number | null;
  epochs: number;
  /** Each epoch's own seconds (training and validation), as the run reported them. */
  epochSeconds: number[];
  status: string;
  /** The 1-minute load average before and after: other work on the machine slows a run down. */
  loadBefore: number;
  loadAfter: number;
  /** The run as `mnist-lab show ID --json` gives it (layers, hyperparameters, threads), when asked for. */
  run?: Record<string, unknown>;
  error?: string;
}

interface CliRun {
  runId?: unknown;
  status?: unknown;
  testAccuracy?: unknown;
  bestValAccuracy?: unknown;
  epochs?: unknown;
  error?: unknown;
}

export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The recorded run (what was really trained), read after the timing from the same fresh home. */
async function showRun(home: string, runId: unknown): Promise<Record<string, unknown> | undefined> {
  if (typeof runId !== 'number') return undefined;
  const { code, stdout } = await runCli(['show', String(runId), '--json', '--home', home]);
  return code === 0 ? (JSON.parse(stdout) as Record<string, unknown>) : undefined;
}

/**
 * Extra flags (e.g. `--seed 7`) go straight to `mnist-lab train`. With `withRun`, the result
 * also carries the recorded run (for a twin in another engine to train the same recipe).
 */
export async function timeToAccuracy(
  presetId: string,
  backend: BackendChoice,
  target: number,
  extraArgs: string[] = [],
  withRun = false,
): Promise<ToAccuracyResult> {
  const home = await mkdtemp(join(tmpdir(), 'mnist-lab-bench-'));
  const loadBefore = loadavg()[0];
  const started = performance.now();
  try {
    const { code, stdout, stderr } = await runCli(['train', '--json', '--home', home, '--preset', presetId, '--backend', backend, ...extraArgs]);
    const seconds = (performance.now() - started) / 1000;
    const loadAfter = loadavg()[0];
    let parsed: CliRun;
    try {
      parsed = JSON.parse(stdout) as CliRun;
    } catch {
      const reason = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
      return { reached: false, seconds, testAccuracy: null, bestValAccuracy: null, epochs: 0, epochSeconds: [], status: 'failed', loadBefore, loadAfter, error: reason };
    }
    const testAccuracy = numberOrNull(parsed.testAccuracy);
    return {
      reached: testAccuracy !== null && testAccuracy >= target,
      seconds,
      testAccuracy,
      bestValAccuracy: numberOrNull(parsed.bestValAccuracy),
      epochs: Array.isArray(parsed.epochs) ? parsed.epochs.length : 0,
      epochSeconds: Array.isArray(parsed.epochs) ? parsed.epochs.map((e: { seconds?: unknown }) => numberOrNull(e.seconds) ?? Number.NaN) : [],
      status: typeof parsed.status === 'string' ? parsed.status : 'unknown',
      loadBefore,
      loadAfter,
      ...(withRun ? { run: await showRun(home, parsed.runId) } : {}),
      ...(typeof parsed.error === 'string' && parsed.error ? { error: parsed.error } : {}),
    };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
