/**
 * The real-world set's readings, remembered between scorings (main/inference/readings-cache.ts):
 * read back bit for bit, named by everything that decides them, never trusted when damaged.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageInput } from '../../../common/ipc/contract';
import { prepareDigitsHere, type PrepareDigits, type PreparedDigit } from '../../../main/inference/read-digit';
import { readingsKey, rememberReadings } from '../../../main/inference/readings-cache';
import { loadRealWorldSet, scoreRealWorld } from '../../../main/inference/real-world-set';

const dirs: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-lab-readings-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A quarter of the set's styles' pictures, and a blank page, which is refused. */
async function somePictures(): Promise<ImageInput[]> {
  const { images } = await loadRealWorldSet();
  const blank = await sharp({ create: { width: 60, height: 60, channels: 3, background: '#ffffff' } }).png().toBuffer();
  return [...images.filter((_, i) => i % 25 === 0), { name: 'blank.png', bytes: new Uint8Array(blank) }];
}

/** `prepareDigitsHere`, counting the pictures it reads. */
function counting(): { prepare: PrepareDigits; read: () => number } {
  let read = 0;
  return {
    prepare: (images, options) => {
      read += images.length;
      return prepareDigitsHere(images, options);
    },
    read: () => read,
  };
}

/** Some pictures, a fresh folder and a counting reader that remembers its readings there. */
async function rememberedInScratch() {
  const images = await somePictures();
  const dir = scratch();
  const reader = counting();
  return { images, dir, reader, remembered: rememberReadings(reader.prepare, dir, 'set') };
}

const bytesOf = (d: PreparedDigit): Buffer | string => (d.ok ? Buffer.from(d.prepared.pixels.buffer, d.prepared.pixels.byteOffset, d.prepared.pixels.byteLength) : d.error);

describe('remembered readings', () => {
  it('come back from the file exactly as they were read: inputs bit for bit, refusals word for word', async () => {
    const { images, dir, reader, remembered } = await rememberedInScratch();
    const first = await remembered(images, { steps: false });
    expect(reader.read()).toBe(images.length);
    expect(readdirSync(dir)).toEqual([`set-${readingsKey(images, { steps: false })}.bin`]);

    const second = await remembered(images, { steps: false });
    expect(reader.read()).toBe(images.length);
    expect(second.map(bytesOf)).toEqual(first.map(bytesOf));
    expect(second).toEqual(first);
    expect(second.at(-1)).toMatchObject({ ok: false, file: 'blank.png' });
  });

  it('are named by the pictures, their order, the options and the code: any change reads them again', async () => {
    const images = await somePictures();
    const key = readingsKey(images, { steps: false }, 'code A');
    const changedPicture = images.map((image, i) => (i === 3 && 'bytes' in image ? { ...image, bytes: image.bytes.slice(0, -1) } : image));
    expect(readingsKey(changedPicture, { steps: false }, 'code A')).not.toBe(key);
    expect(readingsKey([...images].reverse(), { steps: false }, 'code A')).not.toBe(key);
    expect(readingsKey(images.map((image) => ({ ...image, polarity: 'dark-on-light' as const })), { steps: false }, 'code A')).not.toBe(key);
    expect(readingsKey(images, { steps: false, polarity: 'light-on-dark' }, 'code A')).not.toBe(key);
    expect(readingsKey(images, { steps: false }, 'code B')).not.toBe(key);
    expect(readingsKey(images, { steps: false }, 'code A')).toBe(key);
  });

  it('are read again, and the file replaced, when it is damaged', async () => {
    const { images, dir, reader, remembered } = await rememberedInScratch();
    const fresh = await remembered(images, { steps: false });
    const [file] = readdirSync(dir);
    const whole = readFileSync(join(dir, file));
    for (const damage of [whole.subarray(0, whole.length - 5), Buffer.from('not a readings file'), Buffer.alloc(0)]) {
      writeFileSync(join(dir, file), damage);
      const before = reader.read();
      expect((await remembered(images, { steps: false })).map(bytesOf)).toEqual(fresh.map(bytesOf));
      expect(reader.read()).toBe(before + images.length);
      expect(readFileSync(join(dir, file)).equals(whole)).toBe(true);
    }
  });

  it('keep one file per list: a new reading of it removes the old one', async () => {
    const images = await somePictures();
    const dir = scratch();
    writeFileSync(join(dir, 'set-0123.bin'), 'old');
    writeFileSync(join(dir, 'other-0123.bin'), 'another list');
    await rememberReadings(prepareDigitsHere, dir, 'set')(images.slice(0, 3), { steps: false });
    expect(readdirSync(dir).sort()).toEqual(['other-0123.bin', `set-${readingsKey(images.slice(0, 3), { steps: false })}.bin`]);
  });

  it('are not kept for readings with step pictures, nor where the folder cannot be written', async () => {
    const images = (await somePictures()).slice(0, 4);
    const dir = scratch();
    const reader = counting();
    const shown = await rememberReadings(reader.prepare, dir, 'set')(images, { steps: true });
    expect(shown.every((d) => !d.ok || d.prepared.steps !== null)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);

    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, '');
    const read = await rememberReadings(prepareDigitsHere, join(notAFolder, 'cache'), 'set')(images, { steps: false });
    expect(read.map(bytesOf)).toEqual((await prepareDigitsHere(images, { steps: false })).map(bytesOf));
  });

  it('are not kept when the code that reads cannot be told, and the pictures are still read', async () => {
    const images = (await somePictures()).slice(0, 4);
    const dir = scratch();
    const unknownCode = (): string => {
      throw new Error('This build has no sources.json beside it.');
    };
    const read = await rememberReadings(prepareDigitsHere, dir, 'set', unknownCode)(images, { steps: false });
    expect(read.map(bytesOf)).toEqual((await prepareDigitsHere(images, { steps: false })).map(bytesOf));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("a run's real-world score", () => {
  it('is the same from remembered readings as from reading every picture', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [28, 28, 1] }),
        tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 5 }) }),
      ],
    });
    try {
      const cacheDir = scratch();
      const everyPicture = await scoreRealWorld(tf, model, 'final', { cacheDir: null });
      expect(await scoreRealWorld(tf, model, 'final', { cacheDir })).toEqual(everyPicture);
      expect(readdirSync(cacheDir)).toHaveLength(1);
      expect(await scoreRealWorld(tf, model, 'final', { cacheDir })).toEqual(everyPicture);
      expect(everyPicture).toMatchObject({ ok: true, total: 790 });
    } finally {
      model.dispose();
    }
  });
});
