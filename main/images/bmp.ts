/**
 * A small decoder for uncompressed Windows bitmaps, because sharp (libvips) does not read BMP.
 * Covers what Paint and most tools write: 24-bit, 32-bit (plain or with bit-field masks) and
 * 1/4/8-bit palette images, bottom-up or top-down. RLE-compressed and 16-bit files are refused.
 */
import { ImageDecodeError, type RgbaImage } from './errors';

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const FILE_HEADER = 14;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

export interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  compression: number;
  pixelOffset: number;
  headerSize: number;
  paletteSize: number;
}

export function readBmpHeader(bytes: Uint8Array, name: string): BmpHeader {
  const damaged = new ImageDecodeError(`${name} looks like a BMP image but is damaged or incomplete.`);
  if (bytes.length < FILE_HEADER + 40) throw damaged;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40) {
    throw new ImageDecodeError(`${name} is an old OS/2-style BMP, which is not supported; save it as PNG and try again.`);
  }
  const rawHeight = view.getInt32(22, true);
  const header: BmpHeader = {
    width: view.getInt32(18, true),
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bitsPerPixel: view.getUint16(28, true),
    compression: view.getUint32(30, true),
    pixelOffset: view.getUint32(10, true),
    headerSize,
    paletteSize: view.getUint32(46, true),
  };
  if (header.width <= 0 || header.height <= 0) throw damaged;
  return header;
}

/** Decodes a BMP whose header was read (and its size checked) by readBmpHeader. */
export function decodeBmp(bytes: Uint8Array, name: string, header: BmpHeader): RgbaImage {
  const { width, height, bitsPerPixel: bpp, compression } = header;
  const supported =
    (compression === BI_RGB && [1, 4, 8, 24, 32].includes(bpp)) ||
    ((compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) && bpp === 32);
  if (!supported) {
    const what = compression === 1 || compression === 2 ? 'RLE compression' : `${bpp}-bit pixels, compression type ${compression}`;
    throw new ImageDecodeError(`${name} is a BMP variant that is not supported (${what}); save it as PNG and try again.`);
  }
  const rowBytes = Math.ceil((width * bpp) / 32) * 4;
  if (header.pixelOffset + rowBytes * height > bytes.length) {
    throw new ImageDecodeError(`${name} looks like a BMP image but is damaged or incomplete.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const readPixel = bpp <= 8 ? paletteReader(view, header) : bpp === 24 ? bgrReader(view) : bgraReader(view, header, bytes);
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    const y = header.topDown ? row : height - 1 - row;
    const rowStart = header.pixelOffset + row * rowBytes;
    for (let x = 0; x < width; x++) readPixel(rowStart, x, data, (y * width + x) * 4);
  }
  return { width, height, data };
}

type PixelReader = (rowStart: number, x: number, out: Uint8Array, at: number) => void;

function paletteReader(view: DataView, header: BmpHeader): PixelReader {
  const bpp = header.bitsPerPixel;
  const entries = header.paletteSize || 1 << bpp;
  const paletteStart = FILE_HEADER + header.headerSize;
  return (rowStart, x, out, at) => {
    const bit = x * bpp;
    const byte = view.getUint8(rowStart + (bit >> 3));
    const index = (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
    const entry = paletteStart + 4 * Math.min(index, entries - 1);
    out[at] = view.getUint8(entry + 2);
    out[at + 1] = view.getUint8(entry + 1);
    out[at + 2] = view.getUint8(entry);
    out[at + 3] = 255;
  };
}

function bgrReader(view: DataView): PixelReader {
  return (rowStart, x, out, at) => {
    const p = rowStart + x * 3;
    out[at] = view.getUint8(p + 2);
    out[at + 1] = view.getUint8(p + 1);
    out[at + 2] = view.getUint8(p);
    out[at + 3] = 255;
  };
}

/** 32-bit pixels: masks from the header when it has them, else B, G, R, X bytes. */
function bgraReader(view: DataView, header: BmpHeader, bytes: Uint8Array): PixelReader {
  let masks = [0x00ff0000, 0x0000ff00, 0x000000ff, 0];
  if (header.compression !== BI_RGB) {
    // Masks follow a 40-byte header, or sit inside the larger V4/V5 headers at the same place.
    masks = [0, 1, 2, 3].map((i) => view.getUint32(FILE_HEADER + 40 + 4 * i, true));
    if (header.compression === BI_BITFIELDS && header.headerSize < 56) masks[3] = 0;
  } else if (hasAlphaBytes(view, header, bytes)) {
    masks[3] = 0xff000000;
  }
  const channel = masks.map(maskToChannel);
  return (rowStart, x, out, at) => {
    const value = view.getUint32(rowStart + x * 4, true);
    for (let c = 0; c < 3; c++) out[at + c] = channel[c](value) ?? 0;
    out[at + 3] = channel[3](value) ?? 255;
  };
}

/** Plain 32-bit BMPs often leave the fourth byte 0; it only means alpha when some pixel sets it. */
function hasAlphaBytes(view: DataView, header: BmpHeader, bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, header.pixelOffset + header.width * header.height * 4);
  for (let p = header.pixelOffset + 3; p < end; p += 4) if (view.getUint8(p) !== 0) return true;
  return false;
}

/** A mask's bits scaled to 0..255, or null for an absent channel. */
function maskToChannel(mask: number): (value: number) => number | null {
  if (mask === 0) return () => null;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (value) => Math.round((((value & mask) >>> shift) * 255) / max);
}
