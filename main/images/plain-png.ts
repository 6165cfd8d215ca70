/**
 * A fast path for the plainest PNGs: 8-bit RGB or RGBA, not interlaced, with no chunk that could
 * change the pixels (colour profile, gamma, transparency key, orientation). sharp spends about a
 * millisecond of fixed cost on each file whatever its size; a 100-pixel drawing inflates and
 * unfilters here in a tenth of that, to the very bytes sharp gives (test/main/images/plain-png.test.ts
 * compares them on every PNG of the real-world set). Anything else, including any damage, is
 * left to sharp (null), so its answers and messages stay what they were.
 */
import { crc32, inflateSync } from 'node:zlib';
import type { RgbaImage } from './errors';

const SIGNATURE_LENGTH = 8;
/** Colour types read here, with their channels: 2 RGB, 6 RGBA (gray and palette go to sharp). */
const CHANNELS: Record<number, number> = { 2: 3, 6: 4 };
/** Chunks that carry no pixels and that sharp does not apply to them: their presence changes nothing. */
const INERT_CHUNKS = new Set(['pHYs', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** The file's chunks in order, or null when any is cut short, fails its checksum, or follows IEND. */
function chunksOf(bytes: Uint8Array): Chunk[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Chunk[] = [];
  let at = SIGNATURE_LENGTH;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return null;
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) return null;
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(typeAndData) !== view.getUint32(at + 8 + length)) return null;
    const type = String.fromCharCode(...typeAndData.subarray(0, 4));
    chunks.push({ type, data: typeAndData.subarray(4) });
    at = end;
    if (type === 'IEND') return at === bytes.length ? chunks : null;
  }
  return null;
}

/** The pixels of a plain PNG (see above), or null for any PNG sharp should read. */
export function decodePlainPng(bytes: Uint8Array): RgbaImage | null {
  const chunks = chunksOf(bytes);
  const header = chunks?.[0];
  if (!chunks || header?.type !== 'IHDR' || header.data.length !== 13) return null;
  const view = new DataView(header.data.buffer, header.data.byteOffset, 13);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [depth, colourType, compression, filter, interlace] = header.data.subarray(8);
  const channels = CHANNELS[colourType];
  if (!channels || depth !== 8 || compression !== 0 || filter !== 0 || interlace !== 0 || width === 0 || height === 0) return null;
  // The image data: consecutive IDAT chunks, and nothing else but inert chunks around them.
  const idats: Uint8Array[] = [];
  for (let i = 1; i < chunks.length - 1; i++) {
    const { type, data } = chunks[i];
    if (type === 'IDAT') {
      if (idats.length > 0 && chunks[i - 1].type !== 'IDAT') return null;
      idats.push(data);
    } else if (!INERT_CHUNKS.has(type)) {
      return null;
    }
  }
  if (idats.length === 0) return null;
  const stride = width * channels;
  let filtered: Uint8Array;
  try {
    const compressed = idats.length === 1 ? idats[0] : Buffer.concat(idats);
    // At most one byte beyond what the header announces: a larger stream stops there and goes to sharp.
    const expected = height * (stride + 1);
    const { buffer, engine } = inflateSync(compressed, { info: true, maxOutputLength: expected + 1 }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    // Every compressed byte used, and exactly one filter byte and one row per line: anything else is sharp's to judge.
    if (engine.bytesWritten !== compressed.length || buffer.length !== expected) return null;
    filtered = buffer;
  } catch {
    return null;
  }
  if (!unfilterInPlace(filtered, stride, height, channels)) return null;
  return { width, height, data: toRgba(filtered, width, height, channels) };
}

/**
 * Undoes each row's filter (PNG spec, section 9) where it lies, after its filter-type byte: each
 * byte depends only on bytes already undone (left of it, and the row above). False for an unknown
 * filter type. One loop per filter type, the row's first pixel (no left neighbour) apart: no
 * branch per byte.
 */
function unfilterInPlace(rows: Uint8Array, stride: number, height: number, bpp: number): boolean {
  // Row -1 reads as zeros: the first row's "up" comes from a zero row.
  const zeros = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const kind = rows[start];
    const line = rows.subarray(start + 1, start + 1 + stride);
    const prior = y > 0 ? rows.subarray(start - stride, start) : zeros;
    if (kind === 0) {
      continue;
    } else if (kind === 1) {
      for (let x = bpp; x < stride; x++) line[x] = (line[x] + line[x - bpp]) & 0xff;
    } else if (kind === 2) {
      for (let x = 0; x < stride; x++) line[x] = (line[x] + prior[x]) & 0xff;
    } else if (kind === 3) {
      for (let x = 0; x < bpp; x++) line[x] = (line[x] + (prior[x] >>> 1)) & 0xff;
      for (let x = bpp; x < stride; x++) line[x] = (line[x] + ((line[x - bpp] + prior[x]) >>> 1)) & 0xff;
    } else if (kind === 4) {
      for (let x = 0; x < bpp; x++) line[x] = (line[x] + prior[x]) & 0xff;
      for (let x = bpp; x < stride; x++) line[x] = (line[x] + paeth(line[x - bpp], prior[x], prior[x - bpp])) & 0xff;
    } else {
      return false;
    }
  }
  return true;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Whether this machine keeps a word's low byte first (every platform Node runs on today does). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * The unfiltered rows (each after its filter-type byte) as RGBA pixels in an array of their own:
 * RGB gets an opaque alpha, as sharp's ensureAlpha gives it; RGBA is copied as it is.
 */
function toRgba(rows: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  if (channels === 4) {
    for (let y = 0; y < height; y++) out.set(rows.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
    return out;
  }
  if (LITTLE_ENDIAN) {
    // A whole pixel per store: R in the word's low byte, then G, B and an alpha of 255.
    const words = new Uint32Array(out.buffer);
    for (let y = 0, p = 0; y < height; y++) {
      for (let i = y * (stride + 1) + 1, end = i + stride; i < end; i += 3) words[p++] = rows[i] | (rows[i + 1] << 8) | (rows[i + 2] << 16) | 0xff000000;
    }
    return out;
  }
  for (let y = 0, o = 0; y < height; y++) {
    for (let i = y * (stride + 1) + 1, end = i + stride; i < end; i += 3, o += 4) {
      out[o] = rows[i];
      out[o + 1] = rows[i + 1];
      out[o + 2] = rows[i + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}
