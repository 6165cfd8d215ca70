/**
 * `--to-accuracy`: trains a preset with the real trainer and the preset's own settings (same data
 * pipeline, schedule and validation as the app) and reports the wall time until validation
 * accuracy first reaches the target, or that its epochs ended first. Model files go to a
 * temporary folder that is removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Preset } from '../common/ipc/contract';
import { DEFAULT_HYPERPARAMETERS, type BackendId } from '../common/training/hyperparameters';
import type { TrainingEvent } from '../common/training/run';
import { train, type CancelSignal } from '../main/training/trainer';

export interface ToAccuracyResult {
  reached: boolean;
  /** Seconds from the start of training (backend and data loading included) to the epoch that reached it. */
  seconds: number;
  epochs: number;
  valAccuracy: number;
  /** How training ended when the target was not reached. */
  ending?: string;
}

export async function timeToAccuracy(preset: Preset, backend: BackendId, target: number, batchSize: number | null): Promise<ToAccuracyResult> {
  const home = await mkdtemp(join(tmpdir(), 'mnist-lab-bench-'));
  // The preset's own epochs are kept: its learning-rate schedule (one-cycle, step) is laid out over them.
  const hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    ...preset.hyperparameters,
    ...(batchSize ? { batchSize } : {}),
    earlyStoppingPatience: 0,
    backend,
  };
  const signal: CancelSignal = { cancelled: false };
  const started = performance.now();
  let result: ToAccuracyResult = { reached: false, seconds: 0, epochs: 0, valAccuracy: 0 };
  const onEvent = (event: TrainingEvent): void => {
    if (event.type === 'epoch') {
      result = { reached: event.valAccuracy >= target, seconds: (performance.now() - started) / 1000, epochs: event.epoch, valAccuracy: event.valAccuracy };
      if (result.reached) signal.cancelled = true;
    } else if (event.type === 'failed' || event.type === 'diverged') {
      result = { ...result, ending: `${event.type}: ${event.message}` };
    }
  };
  try {
    await train({ runId: 0, layers: preset.layers, hyperparameters, modelDir: join(home, 'models'), homeDir: home }, onEvent, signal);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
  return result;
}
