/**
 * Progress streaming's cost: the same short run (default preset, a few thousand images, 1 epoch)
 * trained once through the real command line (queue, training process, per-batch progress over
 * IPC, store writes) and once by calling the trainer directly in this process with events
 * dropped. Both sides report the epoch's own seconds, so process start-up and data loading are
 * left out of the comparison.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESET_ID, findPreset } from '../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS, type BackendId } from '../common/training/hyperparameters';
import type { TrainingEvent } from '../common/training/run';
import { train } from '../main/training/trainer';
import { runCli } from './to-accuracy';

export interface StreamingComparison {
  trainImages: number;
  /** Training samples per second of the epoch, through the queue with streaming on. */
  queued: number;
  /** The same with the trainer called directly. */
  direct: number;
  /** queued / direct: 1 means streaming costs nothing. */
  ratio: number;
}

const SETTINGS = (trainLimit: number, backend: BackendId) => ({ trainLimit, testLimit: 1000, epochs: 1, backend });

async function directEpochSeconds(trainLimit: number, backend: BackendId): Promise<number> {
  const preset = findPreset(DEFAULT_PRESET_ID);
  if (!preset) throw new Error('The default preset is missing.');
  const home = await mkdtemp(join(tmpdir(), 'mnist-lab-bench-'));
  let seconds = Number.NaN;
  let failure: string | null = null;
  const onEvent = (event: TrainingEvent): void => {
    if (event.type === 'epoch') seconds = event.seconds;
    if (event.type === 'failed' || event.type === 'diverged') failure = event.message;
  };
  try {
    const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters, ...SETTINGS(trainLimit, backend) };
    await train({ runId: 0, layers: preset.layers, hyperparameters, modelDir: join(home, 'models'), homeDir: home }, onEvent, { cancelled: false });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
  if (failure !== null) throw new Error(`The direct run failed: ${failure}`);
  return seconds;
}

async function queuedEpochSeconds(trainLimit: number, backend: BackendId): Promise<number> {
  const home = await mkdtemp(join(tmpdir(), 'mnist-lab-bench-'));
  try {
    const s = SETTINGS(trainLimit, backend);
    const args = ['train', '--json', '--home', home, '--train-limit', String(s.trainLimit), '--test-limit', String(s.testLimit), '--epochs', '1', '--backend', backend];
    const { stdout, stderr } = await runCli(args);
    let parsed: { epochs?: Array<{ seconds?: unknown }> };
    try {
      parsed = JSON.parse(stdout) as typeof parsed;
    } catch {
      throw new Error(`The command-line run failed: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
    }
    const seconds = parsed.epochs?.[0]?.seconds;
    if (typeof seconds !== 'number') throw new Error('The command-line run reported no epoch.');
    return seconds;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export async function compareStreaming(trainImages: number, backend: BackendId): Promise<StreamingComparison> {
  // The split keeps 10% for validation; the epoch's seconds include validating those.
  const queuedSeconds = await queuedEpochSeconds(trainImages, backend);
  const directSeconds = await directEpochSeconds(trainImages, backend);
  const queued = trainImages / queuedSeconds;
  const direct = trainImages / directSeconds;
  return { trainImages, queued, direct, ratio: queued / direct };
}
