/** Shared helpers for the run store tests: temp folders and plausible runs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { pointsFromSeries } from '../../../common/training/metric-series';
import type { BackendInfo, MetricPoint } from '../../../common/training/run';
import type { NewRun, RunStore } from '../../../main/store/types';

const made: string[] = [];

/** A fresh folder under the OS temp dir; removeTempDirs() deletes every one made so far. */
export function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mnist-lab-store-'));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    name: 'tiny cnn',
    presetId: 'tiny',
    layers: [
      { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2, seed: 7 },
    params: 62_810,
    ...overrides,
  };
}

export const WASM_INFO: BackendInfo = { backend: 'wasm', device: 'CPU (test)', tfjsVersion: '4.22.0', threads: 1 };

/** A clock that moves 1 ms per reading, so creation order is also time order. */
export function steppingClock(start = 1_700_000_000_000): () => number {
  let t = start;
  return () => t++;
}

/** A run's stored points as objects, by step, then name and split (the store hands out series). */
export function storedPoints(store: Pick<RunStore, 'getMetricSeries'>, id: number): MetricPoint[] {
  return pointsFromSeries(store.getMetricSeries(id));
}
