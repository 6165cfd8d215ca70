/**
 * `--parts trials`: how a sweep should use this machine's cores. The same pair of trials (the
 * default preset, one epoch on a training slice) runs two ways through the real command line, each
 * in its own fresh data folder: one after the other with the batch split across 2 workers (what the
 * single queue does today), and both at once with 1 worker each (two training processes). Wall
 * time for the pair and samples per second over both are reported, alternating the two ways.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESET_ID } from '../common/layers/presets';
import type { BackendId } from '../common/training/hyperparameters';
import { runCli } from './to-accuracy';

export interface TrialsPlan {
  backend: BackendId;
  trainImages: number;
  repeats: number;
}

export interface TrialsRound {
  way: 'sequential-2-workers' | 'concurrent-1-worker';
  seconds: number;
  samplesPerSec: number;
  load: number;
}

async function trainOne(plan: TrialsPlan, workers: number, seed: number): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'mnist-lab-bench-trials-'));
  try {
    const args = ['train', '--json', '--home', home, '--preset', DEFAULT_PRESET_ID, '--backend', plan.backend, '--workers', String(workers), '--epochs', '1', '--train-limit', String(plan.trainImages), '--test-limit', '1000', '--seed', String(seed)];
    const { code, stderr } = await runCli(args);
    if (code !== 0) throw new Error(`mnist-lab train exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}`);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function timed(way: TrialsRound['way'], plan: TrialsPlan, work: () => Promise<unknown>): Promise<TrialsRound> {
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  // Two trials of one epoch each; the time includes each process's start, data loading and test evaluation.
  return { way, seconds, samplesPerSec: (2 * plan.trainImages) / seconds, load: loadavg()[0] };
}

export async function compareTrialConcurrency(plan: TrialsPlan): Promise<TrialsRound[]> {
  const rounds: TrialsRound[] = [];
  for (let r = 0; r < plan.repeats; r++) {
    rounds.push(await timed('sequential-2-workers', plan, async () => {
      await trainOne(plan, 2, 1);
      await trainOne(plan, 2, 2);
    }));
    rounds.push(await timed('concurrent-1-worker', plan, () => Promise.all([trainOne(plan, 1, 1), trainOne(plan, 1, 2)])));
  }
  return rounds;
}
