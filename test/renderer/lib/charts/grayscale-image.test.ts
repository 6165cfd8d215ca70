import { describe, expect, it } from 'vitest';
import { encodeGrayscaleBmp, grayscaleDataUrl } from '../../../../renderer/src/lib/charts/grayscale-image';

/** Reads a pixel back out of an 8-bit, bottom-up BMP through its palette. */
function pixelAt(bmp: Uint8Array, x: number, y: number): number {
  const view = new DataView(bmp.buffer, bmp.byteOffset, bmp.byteLength);
  const offset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const height = view.getInt32(22, true);
  const rowSize = Math.ceil(width / 4) * 4;
  const index = bmp[offset + (height - 1 - y) * rowSize + x];
  return bmp[14 + 40 + index * 4];
}

describe('grayscale BMP encoding', () => {
  it('writes a valid header and every pixel at its place', () => {
    const pixels = Array.from({ length: 28 * 28 }, (_, i) => (i * 7) % 256);
    const bmp = encodeGrayscaleBmp(pixels, 28, 28);
    const view = new DataView(bmp.buffer);
    expect(String.fromCharCode(bmp[0], bmp[1])).toBe('BM');
    expect(view.getUint32(2, true)).toBe(bmp.length);
    expect(view.getUint16(28, true)).toBe(8);
    for (const [x, y] of [[0, 0], [27, 0], [0, 27], [13, 14], [27, 27]]) {
      expect(pixelAt(bmp, x, y)).toBe(pixels[y * 28 + x]);
    }
  });

  it('pads rows whose width is not a multiple of four', () => {
    const bmp = encodeGrayscaleBmp([0, 50, 100, 150, 200, 250], 3, 2);
    expect(pixelAt(bmp, 2, 0)).toBe(100);
    expect(pixelAt(bmp, 0, 1)).toBe(150);
  });

  it('scales 0..1 input to bytes and clamps out-of-range values', () => {
    const bmp = encodeGrayscaleBmp([0, 0.5, 1, 7, -1, NaN], 6, 1, 'unit');
    expect([0, 1, 2, 3, 4, 5].map((x) => pixelAt(bmp, x, 0))).toEqual([0, 128, 255, 255, 0, 0]);
  });

  it('rejects a pixel count that does not match the size', () => {
    expect(() => encodeGrayscaleBmp([1, 2, 3], 2, 2)).toThrow(/Expected 4 pixels/);
  });

  it('builds a BMP data URL', () => {
    const url = grayscaleDataUrl(new Array(784).fill(0));
    expect(url.startsWith('data:image/bmp;base64,Qk')).toBe(true);
  });
});
