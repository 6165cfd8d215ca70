/**
 * `--parts real-world`: a run's model on the shipped real-world set (bench/real-world/), accuracy
 * per style, through the same Predictor (decoding and preprocessing) as the app; then the same model
 * on MNIST test digits printed 4x dark on white, to show the preprocessing keeps MNIST-like inputs
 * readable. `--without STEP,...` switches preprocessing steps off to measure what each is worth.
 * Without `--run`, a one-epoch default-preset run is trained first in a throwaway data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESET_ID } from '../common/layers/presets';
import type { ImageInput } from '../common/ipc/contract';
import type { OptionalStep } from '../common/image/preprocess';
import { styleAccuracy } from '../common/training/real-world';
import { AUGMENTATIONS } from '../common/training/hyperparameters';
import { createRng } from '../common/training/random';
import { augmentImages, drawAugmentation } from '../main/training/augment';
import { loadTf } from '../main/training/backends';
import { loadMnist } from '../main/data/mnist';
import { databaseFile, defaultHomeDir } from '../main/home';
import { inferenceTf } from '../main/inference/inference-tf';
import { Predictor } from '../main/inference/predict';
import { loadRealWorldSet, scoreByStyle, scoreRealWorld } from '../main/inference/real-world-set';
import { loadRecordedModel } from '../main/models/recorded-model';
import { openRunStore } from '../main/store/run-store';
import type { RunStore } from '../main/store/types';
import { rgbaDigit } from './services';
import { round, summarise } from './stats';
import { runCli } from './to-accuracy';

/** MNIST test digits in the MNIST-like check: enough for a per-mille difference to show. */
const MNIST_PRINTED = 1000;

export interface RealWorldOptions {
  runId: number | null;
  home: string | null;
  without: OptionalStep[];
}

/** Trains the default preset in `home` (for `epochs`, or the preset's own) and returns the run's id. */
async function trainDefaultRun(home: string, epochs: number | null): Promise<number> {
  const { stdout, stderr } = await runCli(['train', '--json', '--home', home, '--preset', DEFAULT_PRESET_ID, ...(epochs === null ? [] : ['--epochs', String(epochs)])]);
  try {
    const run = JSON.parse(stdout) as { runId?: unknown };
    if (typeof run.runId === 'number') return run.runId;
  } catch {
    // Falls through to the error below, with what the command said.
  }
  throw new Error(`Training the default run failed: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
}

/**
 * Runs `score` on the run `options.runId` in its data folder, or, without one, on a default-preset
 * run trained for `epochs` in a throwaway folder that is removed afterwards.
 */
export async function withScoredRun(
  options: { runId: number | null; home: string | null },
  epochs: number | null,
  score: (runId: number, home: string, store: RunStore) => Promise<void>,
): Promise<void> {
  const scratch = options.runId === null ? await mkdtemp(join(tmpdir(), 'mnist-lab-real-world-')) : null;
  const home = scratch ?? options.home ?? defaultHomeDir();
  const store = openRunStore(databaseFile(home));
  try {
    await score(options.runId ?? (await trainDefaultRun(home, epochs)), home, store);
  } finally {
    store.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Repeats of the large-photo timing: the median of these is the figure. */
const PHOTO_REPEATS = 15;

/**
 * Phone-sized photos made from one picture of the set (a digit on lit paper): a 12 MP JPEG, as a
 * phone takes it, and the same as PNG (no reduced-size decoding for PNG in libvips).
 */
async function largePhotos(images: ImageInput[]): Promise<Array<{ about: string; megapixels: number; label: string; image: ImageInput }>> {
  const source = images.find((image) => image.name.startsWith('shadow')) ?? images[0];
  if (!('bytes' in source)) return [];
  const [width, height] = [4000, 3000];
  // Enlarged with a little sensor grain, so the encoder cannot shrink the file to nothing.
  const grain = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 6 } } }).raw().toBuffer();
  const base = sharp(source.bytes).resize(width, height, { fit: 'fill' }).composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'overlay' }]);
  const jpeg = await base.clone().jpeg({ quality: 90 }).toBuffer();
  const png = await base.clone().png({ compressionLevel: 1 }).toBuffer();
  return [
    { about: '12 MP JPEG', megapixels: 12, label: source.name, image: { name: 'photo-12mp.jpg', bytes: new Uint8Array(jpeg) } },
    { about: '12 MP PNG', megapixels: 12, label: source.name, image: { name: 'photo-12mp.png', bytes: new Uint8Array(png) } },
  ];
}

/** Decode, reading steps and prediction of one dropped photo, as the Test screen asks for it. */
async function timeOnePhoto(predictor: Predictor, runId: number, image: ImageInput): Promise<Record<string, number | string>> {
  const times: number[] = [];
  let answer = '';
  for (let i = 0; i < PHOTO_REPEATS; i++) {
    const started = performance.now();
    const [result] = await predictor.predict({ runId, images: [image], model: 'final' });
    times.push(performance.now() - started);
    answer = result.ok ? `read ${result.label}` : result.error;
  }
  const time = summarise(times.slice(1));
  return { answer, first: round(times[0]), min: round(time.min), median: round(time.median), max: round(time.max) };
}

/** Repeats of scoring the whole set: the first shows a fresh thread's cost, the minimum the steady one. */
const SCORE_REPEATS = 5;

/**
 * What the end-of-run score costs on one thread, in CPU milliseconds (another process's load moves
 * them less than the wall clock): reading the 790 pictures (files, decoding, the reading steps
 * without step pictures) and predicting them, as a run's first score after a change of code does,
 * and again with the readings remembered (readings-cache.ts), as every later run's score does.
 */
async function timeScore(runId: number, home: string, store: RunStore, without: OptionalStep[]): Promise<Record<string, number> | null> {
  const info = store.getModel(runId, 'final');
  if (!info) return null;
  const tf = await inferenceTf();
  const model = await loadRecordedModel(tf, home, runId, info);
  const cacheDir = await mkdtemp(join(tmpdir(), 'mnist-lab-readings-'));
  const timed = async (cache: string | null): Promise<{ cpu: number[]; wall: number[] }> => {
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < SCORE_REPEATS; i++) {
      const [startedCpu, started] = [process.cpuUsage(), performance.now()];
      await scoreRealWorld(tf, model, 'final', { cacheDir: cache, preprocess: { skip: without } });
      const used = process.cpuUsage(startedCpu);
      cpu.push((used.user + used.system) / 1000);
      wall.push(performance.now() - started);
    }
    return { cpu: cpu.slice(1), wall: wall.slice(1) };
  };
  try {
    const fresh = await timed(null);
    // The first scoring writes the readings, the others read them.
    const remembered = await timed(cacheDir);
    return {
      cpuMin: round(summarise(fresh.cpu).min),
      cpuMedian: round(summarise(fresh.cpu).median),
      wallMin: round(summarise(fresh.wall).min),
      rememberedCpuMedian: round(summarise(remembered.cpu).median),
      rememberedWallMin: round(summarise(remembered.wall).min),
    };
  } finally {
    model.dispose();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** Batches timed per augmentation kind, after one warm-up. */
const AUGMENT_BATCHES = 40;
const AUGMENT_BATCH_SIZE = 128;

/**
 * What augmentation costs on its own, on the wasm backend that trains on CPUs: milliseconds per
 * 128-image batch and images per second, to set against a training step's samples per second.
 */
export async function benchAugmentationCost(print: (line: Record<string, unknown>) => void): Promise<void> {
  const { tf } = await loadTf('wasm');
  const train = (await loadMnist()).train;
  const images = tf.tensor4d(Float32Array.from(train.images.subarray(0, AUGMENT_BATCH_SIZE * 784), (v) => v / 255), [AUGMENT_BATCH_SIZE, 28, 28, 1]);
  try {
    for (const kind of AUGMENTATIONS.filter((k) => k !== 'off')) {
      const rng = createRng(1);
      const times: number[] = [];
      for (let i = 0; i <= AUGMENT_BATCHES; i++) {
        const started = performance.now();
        const batch = drawAugmentation(kind, AUGMENT_BATCH_SIZE, rng);
        const out = tf.tidy(() => (batch ? augmentImages(tf, images, batch) : images.clone()));
        await out.data();
        out.dispose();
        if (i > 0) times.push(performance.now() - started);
      }
      const ms = summarise(times);
      print({ measure: 'augment-cost', backend: tf.getBackend(), augmentation: kind, batch: AUGMENT_BATCH_SIZE, unit: 'ms', median: round(ms.median, 2), min: round(ms.min, 2), imagesPerSec: round((AUGMENT_BATCH_SIZE * 1000) / ms.median) });
    }
  } finally {
    images.dispose();
  }
}

export async function benchRealWorld(options: RealWorldOptions, print: (line: Record<string, unknown>) => void): Promise<void> {
  // One epoch: the figures before and after each reading step were first taken on such runs.
  await withScoredRun(options, 1, async (runId, home, store) => {
    const run = store.getRun(runId);
    const predictor = new Predictor(home, store, { skip: options.without });
    const { manifest, images } = await loadRealWorldSet();
    // The final model, as each run's stored real-world score and its test accuracy use.
    const results = await predictor.answer({ runId, images, model: 'final' });
    const score = scoreByStyle(manifest, results, 'final', predictor.viewsPerPicture);
    for (const style of [...score.styles, { style: 'all', correct: score.correct, total: score.total, refused: score.styles.reduce((n, s) => n + s.refused, 0) }]) {
      print({ measure: 'real-world', run: runId, testAccuracy: run?.testAccuracy ?? null, without: options.without, ...style, accuracy: round(styleAccuracy(style), 4) });
    }
    // The writers styles by font too: which hands a reading step or augmentation helps or hurts.
    const writers = new Map<string, { style: string; correct: number; total: number }>();
    manifest.images.forEach((entry, i) => {
      if (!entry.writer) return;
      const tally = writers.get(entry.writer) ?? { style: entry.style, correct: 0, total: 0 };
      writers.set(entry.writer, tally);
      tally.total++;
      if (results[i].ok && results[i].label === entry.label) tally.correct++;
    });
    for (const [writer, tally] of writers) print({ measure: 'real-world-writer', run: runId, without: options.without, writer, ...tally, accuracy: round(tally.correct / tally.total, 4) });
    const test = (await loadMnist()).test;
    const printed = Array.from({ length: MNIST_PRINTED }, (_, i) => ({ name: `mnist-test-${i}`, rgba: rgbaDigit(test, i) }));
    const read = await predictor.answer({ runId, images: printed, model: 'final' });
    const correct = read.filter((r, i) => r.ok && r.label === test.labels[i]).length;
    print({ measure: 'mnist-printed', run: runId, without: options.without, correct, total: MNIST_PRINTED, accuracy: round(correct / MNIST_PRINTED, 4) });
    const scoreCost = await timeScore(runId, home, store, options.without);
    if (scoreCost) print({ measure: 'score-cost', run: runId, without: options.without, pictures: images.length, backend: (await inferenceTf()).getBackend(), unit: 'ms', ...scoreCost });
    await benchAugmentationCost(print);
    for (const photo of await largePhotos(images)) {
      const ms = await timeOnePhoto(predictor, runId, photo.image);
      print({ measure: 'large-photo', unit: 'ms', targetMs: 50, photo: photo.about, megapixels: photo.megapixels, label: photo.label, ...ms });
    }
  });
}
