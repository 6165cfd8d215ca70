/** Shared by the training tests: a tiny network, small jobs on MNIST slices, temp folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayerSpec } from '../../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../../common/training/hyperparameters';
import type { TrainingEvent, TrainingJob } from '../../../common/training/run';

/** The tfjs "digit recognition" tutorial stack (about 6k parameters): trains in seconds on wasm. */
export const TINY_LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' },
  { type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' },
  { type: 'conv2d', filters: 16, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' },
  { type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' },
  { type: 'flatten' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

/** Small and quick: 1,000 training images, 200 validation images, 200 test images, wasm. */
export function smallHyperparameters(overrides: Partial<Hyperparameters> = {}): Hyperparameters {
  return {
    ...DEFAULT_HYPERPARAMETERS,
    optimizer: 'adam',
    learningRate: 0.01,
    batchSize: 50,
    epochs: 2,
    validationSplit: 200 / 60000,
    trainLimit: 1000,
    testLimit: 200,
    backend: 'wasm',
    ...overrides,
  };
}

const made: string[] = [];

export function makeTempDir(prefix = 'mnist-lab-training-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function makeJob(homeDir: string, overrides: Partial<Hyperparameters> = {}, runId = 1): TrainingJob {
  return {
    runId,
    layers: TINY_LAYERS,
    hyperparameters: smallHyperparameters(overrides),
    modelDir: join(homeDir, 'models', String(runId)),
    homeDir,
  };
}

export function ofType<T extends TrainingEvent['type']>(events: TrainingEvent[], type: T): Array<Extract<TrainingEvent, { type: T }>> {
  return events.filter((e): e is Extract<TrainingEvent, { type: T }> => e.type === type);
}
