/**
 * A sweep's time before it starts, from what this machine has already trained: the seconds per
 * (epoch x training example x multiply-add) of recent completed runs, applied to each trial.
 * Rough by nature (a first epoch is slower, other work shares the cores); null with no history.
 */
import { analyzeArchitecture } from '../../common/layers/analyze';
import type { LayerSpec } from '../../common/layers/types';
import type { Hyperparameters } from '../../common/training/hyperparameters';
import type { RunStore } from '../store/types';

const MNIST_TRAIN_IMAGES = 60_000;
const HISTORY = 20;

function work(layers: LayerSpec[], h: Hyperparameters, epochs: number): number {
  const examples = h.trainLimit ?? Math.round(MNIST_TRAIN_IMAGES * (1 - h.validationSplit));
  // Forward and backward passes cost about three forward passes; a small constant keeps tiny nets from costing nothing.
  return epochs * examples * (3 * analyzeArchitecture(layers).totalMacs + 100_000);
}

export function secondsPerUnitOfWork(store: RunStore): number | null {
  const rates = store
    .listRuns({ status: ['completed'], limit: HISTORY })
    .filter((r) => r.startedAt !== null && r.finishedAt !== null && r.epochsDone > 0)
    .map((r) => (r.finishedAt! - r.startedAt!) / 1000 / work(r.layers, r.hyperparameters, r.epochsDone))
    .sort((a, b) => a - b);
  return rates.length === 0 ? null : rates[Math.floor(rates.length / 2)];
}

export function estimateSeconds(store: RunStore, trials: readonly { layers: LayerSpec[]; hyperparameters: Hyperparameters }[]): number | null {
  const rate = secondsPerUnitOfWork(store);
  if (rate === null) return null;
  return trials.reduce((total, t) => total + rate * work(t.layers, t.hyperparameters, t.hyperparameters.epochs), 0);
}
