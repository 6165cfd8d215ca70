import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MnistDataError, defaultMnistDir, loadMnist, makeSplits, normaliseInto, testImagesRaw, type MnistSet, type Subset } from '../../../main/data/mnist';

const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const PUBLISHED_TRAIN = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const PUBLISHED_TEST = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function labelCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

/** FNV-1a over an image's bytes, to compare images as multisets cheaply. */
function imageHashes(images: Uint8Array | Float32Array, count: number, scale: number): number[] {
  const hashes: number[] = [];
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let p = i * 784; p < (i + 1) * 784; p++) h = Math.imul(h ^ Math.round(images[p] * scale), 0x01000193) >>> 0;
    hashes.push(h);
  }
  return hashes.sort((a, b) => a - b);
}

/** Element-wise equality; vitest's deep equality is far too slow for millions of elements. */
function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

let set: MnistSet;
let scratch: string;

beforeAll(async () => {
  set = await loadMnist();
  scratch = await mkdtemp(join(tmpdir(), 'mnist-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A folder with links to the real files, except those given as bytes. */
async function dataFolder(name: string, replace: Record<string, Uint8Array | null>): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir);
  for (const file of FILES) {
    const bytes = replace[file];
    if (bytes === undefined) await symlink(join(defaultMnistDir(), file), join(dir, file));
    else if (bytes !== null) await writeFile(join(dir, file), bytes);
  }
  return dir;
}

async function loadError(dir: string): Promise<MnistDataError> {
  const error: unknown = await loadMnist(dir).then(
    () => new Error('expected loading to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof MnistDataError)) throw error;
  return error;
}

describe('loadMnist', () => {
  it('loads the real MNIST with its published counts', () => {
    expect(set.train.count).toBe(60000);
    expect(set.test.count).toBe(10000);
    expect(set.train.images).toHaveLength(60000 * 784);
    expect(set.test.images).toHaveLength(10000 * 784);
    expect(labelCounts(set.train.labels)).toEqual(PUBLISHED_TRAIN);
    expect(labelCounts(set.test.labels)).toEqual(PUBLISHED_TEST);
    // MNIST's first training digit is a 5 and its first test digit a 7.
    expect(set.train.labels[0]).toBe(5);
    expect(set.test.labels[0]).toBe(7);
  });

  it('caches the set for the process', async () => {
    const again = await loadMnist();
    expect(again).toBe(set);
    expect(loadMnist()).toBe(loadMnist());
  });

  it('names a missing file and where it looked', async () => {
    const dir = await dataFolder('missing', { 't10k-labels-idx1-ubyte': null });
    const error = await loadError(dir);
    expect(error.message).toContain('t10k-labels-idx1-ubyte is missing');
    expect(error.message).toContain(join(dir, 't10k-labels-idx1-ubyte'));
    expect(error.message).toContain('npm install');
  });

  it('refuses a truncated file', async () => {
    const original = await readFile(join(defaultMnistDir(), 't10k-images-idx3-ubyte'));
    const dir = await dataFolder('truncated', { 't10k-images-idx3-ubyte': original.subarray(0, 1000) });
    expect((await loadError(dir)).message).toBe(
      't10k-images-idx3-ubyte is truncated: expected 7840016 bytes, found 1000. Reinstall the data with `npm install`.',
    );
  });

  it('refuses altered labels: out of range, or counts that differ from the published ones', async () => {
    const original = await readFile(join(defaultMnistDir(), 't10k-labels-idx1-ubyte'));
    const outOfRange = Uint8Array.from(original);
    outOfRange[8 + 42] = 11;
    const outOfRangeDir = await dataFolder('label-range', { 't10k-labels-idx1-ubyte': outOfRange });
    expect((await loadError(outOfRangeDir)).message).toBe(
      't10k-labels-idx1-ubyte has label 11 at position 42; labels must be 0-9.',
    );

    const swapped = Uint8Array.from(original);
    swapped[8] = swapped[8] === 1 ? 2 : 1;
    const swappedDir = await dataFolder('label-counts', { 't10k-labels-idx1-ubyte': swapped });
    expect((await loadError(swappedDir)).message).toMatch(/^t10k-labels-idx1-ubyte has \d+ examples of digit \d; MNIST's test set has \d+/);
  });

  it('refuses label and image files that disagree on the count', async () => {
    const labels = new Uint8Array(8 + 9999);
    new DataView(labels.buffer).setUint32(0, 0x801);
    new DataView(labels.buffer).setUint32(4, 9999);
    const dir = await dataFolder('count', { 't10k-labels-idx1-ubyte': labels });
    expect((await loadError(dir)).message).toBe(
      't10k-labels-idx1-ubyte holds 9999 labels but t10k-images-idx3-ubyte holds 10000 images.',
    );
  });

  it('does not cache a failed load', async () => {
    const dir = await dataFolder('retry', { 't10k-labels-idx1-ubyte': null });
    await loadError(dir);
    await symlink(join(defaultMnistDir(), 't10k-labels-idx1-ubyte'), join(dir, 't10k-labels-idx1-ubyte'));
    expect((await loadMnist(dir)).test.count).toBe(10000);
  });
});

describe('makeSplits', () => {
  const options = { validationSplit: 0.1, seed: 42, trainLimit: null, testLimit: null };

  /** MNIST's bytes, in memory that a run's worker threads can share. */
  function expectSharedBytes(subset: Subset): void {
    expect(subset.pixels).toHaveLength(subset.count * 784);
    expect(subset.labels).toHaveLength(subset.count);
    expect(subset.pixels.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(subset.labels.buffer).toBeInstanceOf(SharedArrayBuffer);
    let min = Infinity;
    let max = -Infinity;
    for (const v of subset.pixels) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 255]);
  }

  it('partitions the shuffled training set into train and validation', () => {
    const splits = makeSplits(set, options);
    expect(splits.train.count).toBe(54000);
    expect(splits.val.count).toBe(6000);
    expect(splits.test.count).toBe(10000);
    const trainCounts = labelCounts(splits.train.labels);
    const valCounts = labelCounts(splits.val.labels);
    expect(trainCounts.map((n, d) => n + valCounts[d])).toEqual(PUBLISHED_TRAIN);
    // Shuffled: validation has every digit roughly in proportion, not a block of the original order.
    for (let d = 0; d < 10; d++) expect(Math.abs(valCounts[d] - PUBLISHED_TRAIN[d] / 10)).toBeLessThan(120);
    // Together they hold every training image exactly once.
    const together = new Uint8Array(60000 * 784);
    together.set(splits.train.pixels);
    together.set(splits.val.pixels, 54000 * 784);
    expect(sameValues(imageHashes(together, 60000, 1), imageHashes(set.train.images, 60000, 1))).toBe(true);
  });

  it('is reproducible from the seed and changes with it', () => {
    const small = { ...options, trainLimit: 500, testLimit: 10 };
    const a = makeSplits(set, small);
    const b = makeSplits(set, small);
    const c = makeSplits(set, { ...small, seed: 7 });
    expect(sameValues(a.train.pixels, b.train.pixels)).toBe(true);
    expect(sameValues(a.val.pixels, b.val.pixels)).toBe(true);
    expect(sameValues(a.train.labels, c.train.labels)).toBe(false);
  });

  it('limits training to its first examples, the same ones whatever the validation fraction', () => {
    const a = makeSplits(set, { ...options, trainLimit: 1000, testLimit: 5 });
    const b = makeSplits(set, { ...options, validationSplit: 0.3, trainLimit: 1000, testLimit: 5 });
    const full = makeSplits(set, { ...options, trainLimit: 2000, testLimit: 5 });
    expect(a.train.count).toBe(1000);
    expect(a.val.count).toBe(6000);
    expect(b.val.count).toBe(18000);
    expect(sameValues(a.train.pixels, b.train.pixels)).toBe(true);
    expect(sameValues(a.train.pixels, full.train.pixels.subarray(0, 1000 * 784))).toBe(true);
    expectSharedBytes(a.train);
    expectSharedBytes(a.val);
  });

  it('takes the first test examples in their official order', () => {
    const splits = makeSplits(set, { ...options, trainLimit: 10, testLimit: 300 });
    expect(splits.test.count).toBe(300);
    expect(Array.from(splits.test.labels)).toEqual(Array.from(set.test.labels.subarray(0, 300)));
    expect(sameValues(splits.test.pixels, set.test.images.subarray(0, 300 * 784))).toBe(true);
    expectSharedBytes(splits.test);
  });

  it('allows no validation set and caps limits at what exists', () => {
    const splits = makeSplits(set, { validationSplit: 0, seed: 1, trainLimit: 100000, testLimit: 20000 });
    expect(splits.val.count).toBe(0);
    expect(splits.val.pixels).toHaveLength(0);
    expect(splits.train.count).toBe(60000);
    expect(splits.test.count).toBe(10000);
  });

  it('refuses settings out of range with a plain message', () => {
    expect(() => makeSplits(set, { ...options, validationSplit: 0.6 })).toThrow(/validation split must be between 0 and 0.5, not 0.6/);
    expect(() => makeSplits(set, { ...options, trainLimit: 0 })).toThrow(/training limit must be a whole number of at least 1/);
    expect(() => makeSplits(set, { ...options, testLimit: 2.5 })).toThrow(/test limit must be a whole number/);
    expect(() => makeSplits(set, { ...options, seed: Number.NaN })).toThrow(/seed must be a number/);
  });
});

describe('normaliseInto', () => {
  it('writes each byte as the float32 nearest v / 255, from the given offset', () => {
    const out = new Float32Array(258).fill(-1);
    normaliseInto(out, 2, Uint8Array.from({ length: 256 }, (_, v) => v));
    expect(out.slice(0, 2)).toEqual(new Float32Array([-1, -1]));
    for (let v = 0; v < 256; v++) expect(out[2 + v]).toBe(Math.fround(v / 255));
    expect([out[2], out[257]]).toEqual([0, 1]);
  });
});

describe('testImagesRaw', () => {
  it('returns copies of the requested test images', () => {
    const [first, last] = testImagesRaw(set, [0, 9999]);
    expect(sameValues(first, set.test.images.subarray(0, 784))).toBe(true);
    expect(sameValues(last, set.test.images.subarray(9999 * 784))).toBe(true);
    first[0] = 99;
    expect(set.test.images[0]).not.toBe(99);
  });

  it('refuses indices outside the test set', () => {
    expect(() => testImagesRaw(set, [10000])).toThrow('Test index 10000 is out of range: the test set has images 0 to 9999.');
    expect(() => testImagesRaw(set, [-1])).toThrow(/out of range/);
  });
});
