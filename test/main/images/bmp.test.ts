import { describe, expect, it } from 'vitest';
import { ImageDecodeError, decodeImage, type RgbaImage } from '../../../main/images/decode';
import { writeBmp } from './bmp-writer';

const RED = [255, 0, 0, 255];
const GREEN = [0, 255, 0, 255];
const BLUE = [0, 0, 255, 255];
const HALF_WHITE = [255, 255, 255, 128];

/** 3x2 pixels (3 * 3 bytes = 9: the rows need padding): red green blue / blue green half-white. */
const PIXELS = [...RED, ...GREEN, ...BLUE, ...BLUE, ...GREEN, ...HALF_WHITE];

function pixels(img: RgbaImage): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < img.data.length; i += 4) out.push(Array.from(img.data.subarray(i, i + 4)));
  return out;
}

async function decodeError(bytes: Uint8Array, name: string): Promise<string> {
  const error: unknown = await decodeImage(bytes, name).then(
    () => new Error('expected decoding to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof ImageDecodeError)) throw error;
  return error.message;
}

describe('decodeImage for BMP', () => {
  it('reads 24-bit bottom-up and top-down files, with row padding', async () => {
    for (const topDown of [false, true]) {
      const img = await decodeImage(writeBmp(3, 2, PIXELS, { bitsPerPixel: 24, topDown }), 'paint.bmp');
      expect([img.width, img.height]).toEqual([3, 2]);
      expect(pixels(img)).toEqual([RED, GREEN, BLUE, BLUE, GREEN, [255, 255, 255, 255]]);
    }
  });

  it('reads 32-bit files: the fourth byte is alpha only when some pixel uses it', async () => {
    const noAlpha = PIXELS.map((v, i) => (i % 4 === 3 ? 0 : v));
    const opaque = await decodeImage(writeBmp(3, 2, noAlpha, { bitsPerPixel: 32 }), 'x.bmp');
    expect(pixels(opaque).every((p) => p[3] === 255)).toBe(true);
    const withAlpha = await decodeImage(writeBmp(3, 2, PIXELS, { bitsPerPixel: 32 }), 'y.bmp');
    expect(pixels(withAlpha)).toEqual([RED, GREEN, BLUE, BLUE, GREEN, HALF_WHITE]);
  });

  it('reads 32-bit files with bit-field masks and alpha', async () => {
    const img = await decodeImage(writeBmp(3, 2, PIXELS, { bitsPerPixel: 32, alphaMasks: true }), 'v4.bmp');
    expect(pixels(img)).toEqual([RED, GREEN, BLUE, BLUE, GREEN, HALF_WHITE]);
  });

  it('reads 8-bit and 1-bit palette files', async () => {
    const eight = writeBmp(3, 2, [0, 1, 2, 2, 1, 0], { bitsPerPixel: 8, palette: [[255, 0, 0], [0, 255, 0], [0, 0, 255]] });
    expect(pixels(await decodeImage(eight, 'p8.bmp'))).toEqual([RED, GREEN, BLUE, BLUE, GREEN, RED]);
    const indices = Array.from({ length: 10 * 3 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const one = writeBmp(10, 3, indices, { bitsPerPixel: 1, palette: [[0, 0, 0], [255, 255, 255]] });
    const decoded = pixels(await decodeImage(one, 'p1.bmp'));
    expect(decoded.map((p) => (p[0] === 255 ? 1 : 0))).toEqual(indices);
  });

  it('refuses RLE-compressed, truncated and oversized files with plain messages', async () => {
    const rle = writeBmp(3, 2, [0, 1, 2, 2, 1, 0], { bitsPerPixel: 8, palette: [[0, 0, 0], [1, 1, 1], [2, 2, 2]], compression: 1 });
    expect(await decodeError(rle, 'rle.bmp')).toBe(
      'rle.bmp is a BMP variant that is not supported (RLE compression); save it as PNG and try again.',
    );
    const whole = writeBmp(3, 2, PIXELS, { bitsPerPixel: 24 });
    expect(await decodeError(whole.subarray(0, whole.length - 4), 'cut.bmp')).toBe(
      'cut.bmp looks like a BMP image but is damaged or incomplete.',
    );
    expect(await decodeError(whole.subarray(0, 20), 'stub.bmp')).toBe(
      'stub.bmp looks like a BMP image but is damaged or incomplete.',
    );
    const huge = writeBmp(1, 1, RED, { bitsPerPixel: 24 });
    const view = new DataView(huge.buffer, huge.byteOffset);
    view.setInt32(18, 20000, true);
    view.setInt32(22, -20000, true);
    expect(await decodeError(huge, 'huge.bmp')).toBe('huge.bmp is 20000x20000 pixels; the limit is 50 megapixels.');
  });
});
