/**
 * Readings of a fixed list of pictures, remembered in a file, so that every run's real-world score
 * does not read the same 790 pictures again (about 1.5 s of CPU at the end of each run). A reading
 * is a pure function of the picture's bytes, the reading options, the code that reads (fresh-build.ts's
 * codeDigest) and the libvips that decodes, so the file is named by a digest of all of them: change
 * any one and the old file is simply not found, then replaced. Only readings without step pictures
 * are remembered, which is what scoring asks for; anything else goes straight to `prepare`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ImageInput } from '../../common/ipc/contract';
import { MNIST_SIDE, type PreprocessOptions } from '../../common/image/preprocess';
import type { Rect } from '../../common/image/resample';
import { codeDigest } from '../training/fresh-build';
import type { PrepareDigits, PreparedDigit } from './read-digit';

const PIXELS = MNIST_SIDE * MNIST_SIDE;

/** One reading as the file's header keeps it; its views' 28x28 inputs follow the header, in order. */
type Entry = { file: string; error: string } | { file: string; inverted: boolean; bbox: Rect | null; views: number };

/** The digest that names a list's readings: every input that decides them. */
export function readingsKey(images: readonly ImageInput[], options: PreprocessOptions, code = codeDigest()): string {
  const hash = createHash('sha256').update(`${code}\0${JSON.stringify(sharp.versions)}\0${JSON.stringify(options)}\0`);
  for (const image of images) {
    hash.update(`${image.name}\0${image.polarity ?? ''}\0`);
    if ('bytes' in image) hash.update(image.bytes);
    else hash.update(`${image.rgba.width}x${image.rgba.height}\0`).update(image.rgba.data);
  }
  return hash.digest('hex').slice(0, 32);
}

function encode(digits: readonly PreparedDigit[]): Buffer {
  const entries: Entry[] = digits.map((d) => (d.ok ? { file: d.file, inverted: d.prepared.inverted, bbox: d.prepared.bbox, views: d.prepared.views.length } : { file: d.file, error: d.error }));
  const header = Buffer.from(JSON.stringify(entries));
  // The inputs start on a 4-byte boundary so they can be read as floats in place.
  const start = 4 + header.length + ((4 - (header.length % 4)) % 4);
  const views = digits.flatMap((d) => (d.ok ? d.prepared.views : []));
  const bytes = Buffer.alloc(start + views.length * PIXELS * 4);
  bytes.writeUInt32LE(header.length, 0);
  header.copy(bytes, 4);
  views.forEach((view, i) => new Float32Array(bytes.buffer, bytes.byteOffset + start + i * PIXELS * 4, PIXELS).set(view));
  return bytes;
}

/** The readings a file holds, or null when it is not the complete readings of `images`. */
function decode(bytes: Buffer, images: readonly ImageInput[]): PreparedDigit[] | null {
  try {
    const length = bytes.readUInt32LE(0);
    const entries = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Entry[];
    const start = 4 + length + ((4 - (length % 4)) % 4);
    if (entries.some((e) => !('error' in e) && !(Number.isInteger(e.views) && e.views > 0))) return null;
    const views = entries.reduce((n, e) => n + ('error' in e ? 0 : e.views), 0);
    if (entries.length !== images.length || entries.some((e, i) => e.file !== images[i].name) || bytes.length !== start + views * PIXELS * 4) return null;
    // A copy that owns its floats: `bytes` may be a view into a pool.
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
    let next = 0;
    return entries.map((e): PreparedDigit => {
      if ('error' in e) return { ok: false, file: e.file, error: e.error };
      const views = Array.from({ length: e.views }, () => floats.subarray(next * PIXELS, ++next * PIXELS));
      return { ok: true, file: e.file, prepared: { pixels: views[0], views, inverted: e.inverted, noDigit: null, bbox: e.bbox, steps: null } };
    });
  } catch {
    return null;
  }
}

/** Writes the file whole under a temporary name, then moves it in: a reader never sees half of it. */
async function remember(dir: string, name: string, digits: readonly PreparedDigit[]): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const file = join(dir, name);
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, encode(digits));
    await rename(partial, file);
    // Readings made by other code or of other pictures are not wanted again.
    const prefix = name.slice(0, name.lastIndexOf('-') + 1);
    for (const other of await readdir(dir)) if (other !== name && other.startsWith(prefix) && other.endsWith('.bin')) await rm(join(dir, other), { force: true });
  } catch {
    // A cache that cannot be written (read-only, full) only costs the next scoring its time.
  }
}

/**
 * `prepare` with memory: readings of `images` without step pictures come from `dir` when a file
 * there holds exactly them, else are made by `prepare` and written there for next time.
 */
export function rememberReadings(prepare: PrepareDigits, dir: string, listName: string, code: () => string = codeDigest): PrepareDigits {
  return async (images, options) => {
    if (options.steps !== false || images.length === 0) return prepare(images, options);
    let name: string;
    try {
      name = `${listName}-${readingsKey(images, options, code())}.bin`;
    } catch {
      // The code that runs could not be told (a build without its manifest): read, remember nothing.
      return prepare(images, options);
    }
    const known = decode(await readFile(join(dir, name)).catch(() => Buffer.alloc(0)), images);
    if (known) return known;
    const digits = await prepare(images, options);
    await remember(dir, name, digits);
    return digits;
  };
}
