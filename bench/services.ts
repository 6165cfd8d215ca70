/**
 * Timings of the app's services outside training: classifying one dropped image with a saved
 * model (the Predictor the app and the command line use) and listing a store of 10,000 runs (the
 * run table's query). Each is measured in a throwaway data folder that is removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OptionalStep } from '../common/image/preprocess';
import { DEFAULT_PRESET_ID, findPreset, PRESETS } from '../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS } from '../common/training/hyperparameters';
import type { RawSplit } from '../main/data/mnist';
import { databaseFile, runModelDir } from '../main/home';
import { Predictor } from '../main/inference/predict';
import { inferenceTf } from '../main/inference/inference-tf';
import { saveModel } from '../main/models/model-files';
import { openRunStore } from '../main/store/run-store';
import type { NewRun } from '../main/store/types';
import { buildModel } from '../main/training/model';
import { summarise, type ThroughputStats } from './stats';

export interface LatencyStats extends ThroughputStats {
  /** The first call, which also loads the model or warms caches. */
  first: number;
}

async function withTempHome<T>(body: (home: string) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'mnist-lab-bench-'));
  try {
    return await body(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function defaultRun(name: string): NewRun {
  const preset = findPreset(DEFAULT_PRESET_ID);
  if (!preset) throw new Error('The default preset is missing.');
  return { name, presetId: preset.id, layers: preset.layers, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters }, params: 0 };
}

/** A dropped picture as the app receives it after decoding: an RGBA digit from the training set, upscaled 4x. */
export function rgbaDigit(train: RawSplit, index: number): { width: number; height: number; data: Uint8Array } {
  const scale = 4;
  const size = 28 * scale;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const ink = train.images[index * 784 + Math.floor(y / scale) * 28 + Math.floor(x / scale)];
      const o = (y * size + x) * 4;
      // Dark ink on white paper, as people draw it.
      data[o] = data[o + 1] = data[o + 2] = 255 - ink;
      data[o + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

/**
 * Milliseconds per single-image prediction with the default preset's (untrained) saved model, with
 * the reading steps `without` left out, after the model was prepared as the Test screen does (its time too).
 */
export async function measureInference(train: RawSplit, repeats: number, without: readonly OptionalStep[] = []): Promise<LatencyStats & { prepareMs: number }> {
  return withTempHome(async (home) => {
    const store = openRunStore(databaseFile(home));
    try {
      const run = store.createRun(defaultRun('bench inference'));
      const tf = await inferenceTf();
      const preset = findPreset(DEFAULT_PRESET_ID);
      const model = buildModel(tf, preset?.layers ?? [], 42);
      const info = await saveModel(model, { dir: join(runModelDir(home, run.id), 'final'), homeDir: home, kind: 'final', epoch: 1 });
      model.dispose();
      store.recordModel(run.id, info);
      const predictor = new Predictor(home, store, { skip: without });
      // As the Test screen does when it shows a model: the first picture then comes after it.
      const preparing = performance.now();
      await predictor.prepare({ runId: run.id });
      const prepareMs = performance.now() - preparing;
      const times: number[] = [];
      for (let i = 0; i <= repeats; i++) {
        const image = { name: `digit-${i}.png`, rgba: rgbaDigit(train, i) };
        const started = performance.now();
        const [result] = await predictor.predict({ runId: run.id, images: [image] });
        times.push(performance.now() - started);
        if (!result.ok) throw new Error(`Prediction failed: ${result.error}`);
      }
      const [first, ...warm] = times;
      return { ...summarise(warm), first, prepareMs };
    } finally {
      store.close();
    }
  });
}

const LEARNING_RATES = [0.001, 0.003, 0.01, 0.02];
const BENCH_BACKEND = { backend: 'wasm', device: 'CPU', tfjsVersion: '4.22.0', threads: 1 } as const;

/**
 * Milliseconds to list all of a store's `runCount` finished runs, as the run table does (opening the store timed apart).
 * The runs look like a user's sweeps: they cycle through the presets' layers, and every run has its own hyperparameters
 * (its own seed, one of four learning rates), so each hyperparameters text is parsed once per run and only the layers
 * texts are shared.
 */
export async function measureRunListing(runCount: number, repeats: number): Promise<LatencyStats & { listed: number; openMedian: number }> {
  return withTempHome(async (home) => {
    const file = databaseFile(home);
    const seed = openRunStore(file);
    try {
      const base = defaultRun('');
      for (let i = 0; i < runCount; i++) {
        const preset = PRESETS[i % PRESETS.length];
        const hyperparameters = { ...base.hyperparameters, ...preset.hyperparameters, seed: i, learningRate: LEARNING_RATES[i % LEARNING_RATES.length] };
        const run = seed.createRun({ ...base, name: `bench run ${i}`, presetId: preset.id, layers: preset.layers, hyperparameters });
        seed.markRunning(run.id, BENCH_BACKEND);
        seed.recordEpoch(run.id, 1, 0.98 + (i % 100) / 10_000);
        seed.finishRun(run.id, 'completed');
      }
    } finally {
      seed.close();
    }
    const times: number[] = [];
    const openTimes: number[] = [];
    let listed = 0;
    for (let i = 0; i <= repeats; i++) {
      const opening = performance.now();
      const store = openRunStore(file);
      const started = performance.now();
      listed = store.listRuns().length;
      times.push(performance.now() - started);
      openTimes.push(started - opening);
      store.close();
    }
    if (listed !== runCount) throw new Error(`Listed ${listed} runs of ${runCount}.`);
    const [first, ...warm] = times;
    return { ...summarise(warm), first, listed, openMedian: summarise(openTimes).median };
  });
}
