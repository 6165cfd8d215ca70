/** Writes small BMP files for tests, in the variants the decoder must read. */

export interface BmpOptions {
  bitsPerPixel: 1 | 8 | 24 | 32;
  topDown?: boolean;
  /** 32-bit only: write BI_BITFIELDS masks with an alpha mask (V4 header). */
  alphaMasks?: boolean;
  /** For 1/8-bit: palette entries as [r, g, b]. */
  palette?: [number, number, number][];
  /** Overrides the compression field (to test refusals). */
  compression?: number;
}

/**
 * `pixels` is row-major top to bottom: RGBA for 24/32-bit (alpha ignored by 24-bit),
 * or one palette index per pixel for 1/8-bit.
 */
export function writeBmp(width: number, height: number, pixels: number[], opts: BmpOptions): Uint8Array {
  const bpp = opts.bitsPerPixel;
  const headerSize = opts.alphaMasks ? 108 : 40;
  const palette = opts.palette ?? [];
  const rowBytes = Math.ceil((width * bpp) / 32) * 4;
  const pixelOffset = 14 + headerSize + 4 * palette.length;
  const bytes = new Uint8Array(pixelOffset + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, pixelOffset, true);
  view.setUint32(14, headerSize, true);
  view.setInt32(18, width, true);
  view.setInt32(22, opts.topDown ? -height : height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, bpp, true);
  view.setUint32(30, opts.compression ?? (opts.alphaMasks ? 3 : 0), true);
  view.setUint32(34, rowBytes * height, true);
  view.setUint32(46, palette.length, true);
  if (opts.alphaMasks) {
    view.setUint32(54, 0x00ff0000, true);
    view.setUint32(58, 0x0000ff00, true);
    view.setUint32(62, 0x000000ff, true);
    view.setUint32(66, 0xff000000, true);
  }
  palette.forEach(([r, g, b], i) => bytes.set([b, g, r, 0], 14 + headerSize + 4 * i));
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (opts.topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (bpp === 1) bytes[row + (x >> 3)] |= (pixels[p] & 1) << (7 - (x & 7));
      else if (bpp === 8) bytes[row + x] = pixels[p];
      else {
        const [r, g, b, a] = pixels.slice(p * 4, p * 4 + 4);
        bytes.set(bpp === 24 ? [b, g, r] : [b, g, r, a], row + x * (bpp / 8));
      }
    }
  }
  return bytes;
}
