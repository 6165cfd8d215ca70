/**
 * Image files to upright 8-bit sRGB RGBA pixels. sharp (libvips) reads PNG, JPEG, WebP, GIF (first
 * frame), TIFF and AVIF; BMP goes through our own small decoder because libvips has none. The
 * format is recognised from the bytes (never the file name), only formats on the list reach a
 * decoder, and the pixel count is checked from the header before any pixels are decoded.
 */
import sharp from 'sharp';
import { decodeBmp, isBmp, readBmpHeader } from './bmp';
import { decodePlainPng } from './plain-png';
import { ImageDecodeError, type RgbaImage } from './errors';

export { ImageDecodeError, type RgbaImage } from './errors';

/** Larger than any photo a phone takes (~48 MP), small enough that decoding cannot exhaust memory. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export type Format = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heic' | 'bmp' | 'svg';

const FORMAT_NAMES: Record<Format, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  tiff: 'TIFF',
  avif: 'AVIF',
  heic: 'HEIC',
  bmp: 'BMP',
  svg: 'SVG',
};

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
}

/** The format the bytes announce, or null for anything that is not a supported image. */
export function sniffFormat(bytes: Uint8Array): Format | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(bytes, 4, 8) === 'ftyp') return ['avif', 'avis'].includes(ascii(bytes, 8, 12)) ? 'avif' : 'heic';
  if (isBmp(bytes)) return 'bmp';
  if (looksLikeSvg(bytes)) return 'svg';
  return null;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096));
  return /^\uFEFF?\s*</.test(head) && /<svg[\s>]/i.test(head);
}

/**
 * Width and height straight from a PNG's IHDR or a GIF's screen descriptor, for the formats where
 * libvips wants more than the header before it reports a size.
 */
function declaredSize(bytes: Uint8Array, format: Format): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png' && bytes.length >= 24 && ascii(bytes, 12, 16) === 'IHDR') {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (format === 'gif' && bytes.length >= 10) return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (format === 'jpeg') return jpegFrameSize(bytes, view);
  return null;
}

/** JPEG's start-of-frame markers (C0-CF but for C4 DHT, C8 JPG and CC DAC): the frame header holds the size. */
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * A JPEG's size from its frame header (before any EXIF rotation, as libvips reports it), found by
 * walking the marker segments up to the first scan; null when there is none before it, or the
 * height is left to a later DNL marker (0).
 */
function jpegFrameSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | null {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    // Fill bytes (0xFF) before a marker, and markers that stand alone without a length.
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null;
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) return null;
      const [height, width] = [view.getUint16(at + 5), view.getUint16(at + 7)];
      return height > 0 && width > 0 ? { width, height } : null;
    }
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

function checkPixelLimit(width: number, height: number, name: string): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ImageDecodeError(`${name} is ${width}x${height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels.`);
  }
}

async function sharpSize(bytes: Uint8Array, name: string, format: Format): Promise<{ width: number; height: number }> {
  try {
    const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
    return { width, height };
  } catch {
    throw damaged(name, format);
  }
}

function damaged(name: string, format: Format): ImageDecodeError {
  if (format === 'heic') {
    return new ImageDecodeError(`${name} is a HEIC/HEIF photo, which cannot be read here; save it as JPEG or PNG and try again.`);
  }
  return new ImageDecodeError(`${name} looks like a ${FORMAT_NAMES[format]} image but is damaged or incomplete.`);
}

export interface DecodeOptions {
  /**
   * Larger pictures come out shrunk to fit this many pixels across (aspect kept). JPEG and WebP
   * are then decoded at a reduced size directly, several times faster than decoding every pixel.
   */
  maxSide?: number;
}

export async function decodeImage(bytes: Uint8Array, name: string, options: DecodeOptions = {}): Promise<RgbaImage> {
  if (bytes.length === 0) throw new ImageDecodeError(`${name} is empty (0 bytes).`);
  const format = sniffFormat(bytes);
  if (format === null) throw new ImageDecodeError(`${name} is not an image (or is damaged).`);
  if (format === 'svg') {
    throw new ImageDecodeError(`${name} is an SVG drawing; only pixel images are supported. Export it as PNG and try again.`);
  }
  if (format === 'bmp') {
    const header = readBmpHeader(bytes, name);
    checkPixelLimit(header.width, header.height, name);
    return decodeBmp(bytes, name, header);
  }

  // The header alone: the size check must come before anything allocates the pixels.
  const declared = declaredSize(bytes, format);
  if (declared) checkPixelLimit(declared.width, declared.height, name);
  // A plain PNG that needs no shrinking is read without sharp's fixed cost per file (plain-png.ts).
  if (format === 'png' && declared && !(options.maxSide !== undefined && Math.max(declared.width, declared.height) > options.maxSide)) {
    const plain = decodePlainPng(bytes);
    if (plain) return plain;
  }
  // A JPEG's frame header gives the size libvips would report: sharp's metadata call (a fixed cost per file) is left out.
  return decodeWithSharp(bytes, name, format, options, format === 'jpeg' ? (declared ?? undefined) : undefined);
}

/**
 * sharp's reading of a file in one of its formats, after the checks above (exported so that
 * the test of the plain-PNG path can hold it to exactly what sharp gives). `size`, when given, is
 * the size sharp's metadata would report, so it is not asked for.
 */
export async function decodeWithSharp(
  bytes: Uint8Array,
  name: string,
  format: Exclude<Format, 'bmp' | 'svg'>,
  options: DecodeOptions = {},
  size?: { width: number; height: number },
): Promise<RgbaImage> {
  const { width, height } = size ?? (await sharpSize(bytes, name, format));
  checkPixelLimit(width, height, name);

  try {
    // failOn 'error' (not 'warning'): phone JPEGs often carry harmless warnings; truncation still fails.
    let pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS, pages: 1 }).autoOrient();
    if (options.maxSide !== undefined && Math.max(width, height) > options.maxSide) {
      // A linear kernel: no ringing around ink edges, close to the area averaging that follows.
      pipeline = pipeline.resize({ width: options.maxSide, height: options.maxSide, fit: 'inside', kernel: 'linear' });
    }
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`expected 4 channels, got ${info.channels}`);
    // A plain Uint8Array that owns exactly its pixels: structured clone (IPC) copies a view's whole buffer.
    const pixels = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
      ? new Uint8Array(data.buffer)
      : Uint8Array.prototype.slice.call(data);
    return { width: info.width, height: info.height, data: pixels };
  } catch {
    throw damaged(name, format);
  }
}
