import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError, MAX_IMAGE_PIXELS, decodeImage, decodeWithSharp, sniffFormat, type RgbaImage } from '../../../main/images/decode';
import { expectSameImage, realWorldFiles } from './same-image';

const WIDTH = 8;
const HEIGHT = 6;

/** An 8x6 test card: red left half, blue right half, and a green marker at the top-left pixel. */
function testCard(alpha = 255): Buffer {
  const data = Buffer.alloc(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const colour = x === 0 && y === 0 ? [0, 255, 0] : x < WIDTH / 2 ? [255, 0, 0] : [0, 0, 255];
      data.set([...colour, alpha], (y * WIDTH + x) * 4);
    }
  }
  return data;
}

function card(alpha = 255): Sharp {
  return sharp(testCard(alpha), { raw: { width: WIDTH, height: HEIGHT, channels: 4 } });
}

function pixel(img: RgbaImage, x: number, y: number): number[] {
  const at = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(at, at + 4));
}

/** Every channel within `tolerance` of the expected value. */
function expectColour(actual: number[], expected: number[], tolerance: number): void {
  expected.forEach((v, i) => expect(Math.abs(actual[i] - v), `channel ${i} of [${actual}]`).toBeLessThanOrEqual(tolerance));
}

async function decodeError(bytes: Uint8Array, name: string): Promise<ImageDecodeError> {
  const error: unknown = await decodeImage(bytes, name).then(
    () => new Error('expected decoding to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof ImageDecodeError)) throw error;
  return error;
}

/** A PNG chunk with a correct CRC. */
function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(Buffer.from(type, 'ascii'), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** A well-formed PNG declaring width x height RGBA, with only a scrap of (invalid) pixel data. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(16)), chunk('IEND', new Uint8Array(0))]);
}

describe('decodeImage', () => {
  it('decodes PNG exactly, alpha included', async () => {
    const img = await decodeImage(await card(200).png().toBuffer(), 'card.png');
    expect([img.width, img.height]).toEqual([WIDTH, HEIGHT]);
    expect(img.data).toHaveLength(WIDTH * HEIGHT * 4);
    expect(img.data).toBeInstanceOf(Uint8Array);
    expect(pixel(img, 0, 0)).toEqual([0, 255, 0, 200]);
    expect(pixel(img, 1, 3)).toEqual([255, 0, 0, 200]);
    expect(pixel(img, 7, 5)).toEqual([0, 0, 255, 200]);
  });

  it('decodes lossless WebP, GIF and TIFF exactly', async () => {
    const files = {
      'card.webp': await card().webp({ lossless: true }).toBuffer(),
      'card.gif': await card().gif().toBuffer(),
      'card.tiff': await card().tiff({ compression: 'lzw' }).toBuffer(),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const img = await decodeImage(bytes, name);
      expect([img.width, img.height], name).toEqual([WIDTH, HEIGHT]);
      expect(pixel(img, 0, 0), name).toEqual([0, 255, 0, 255]);
      expect(pixel(img, 2, 4), name).toEqual([255, 0, 0, 255]);
      expect(pixel(img, 6, 1), name).toEqual([0, 0, 255, 255]);
    }
  });

  it('decodes JPEG and AVIF close to the original colours', async () => {
    const big = sharp(testCard(), { raw: { width: WIDTH, height: HEIGHT, channels: 4 } }).resize(64, 48, { kernel: 'nearest' });
    for (const [name, bytes] of [
      ['card.jpg', await big.clone().jpeg({ quality: 95 }).toBuffer()],
      ['card.avif', await big.clone().avif({ quality: 90 }).toBuffer()],
    ] as const) {
      const img = await decodeImage(bytes, name);
      expect([img.width, img.height], name).toEqual([64, 48]);
      expectColour(pixel(img, 10, 30), [255, 0, 0, 255], 40);
      expectColour(pixel(img, 50, 20), [0, 0, 255, 255], 40);
    }
  });

  it('takes the first frame of an animated GIF', async () => {
    // Two 8x6 frames stacked: the first red, the second green.
    const frames = Buffer.alloc(WIDTH * HEIGHT * 2 * 4);
    for (let i = 0; i < frames.length; i += 4) frames.set(i < frames.length / 2 ? [255, 0, 0, 255] : [0, 255, 0, 255], i);
    const gif = await sharp(frames, { raw: { width: WIDTH, height: HEIGHT * 2, channels: 4, pageHeight: HEIGHT } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const img = await decodeImage(gif, 'anim.gif');
    expect([img.width, img.height]).toEqual([WIDTH, HEIGHT]);
    expect(pixel(img, 3, 3)).toEqual([255, 0, 0, 255]);
  });

  it('turns 16-bit PNG into 8-bit', async () => {
    const png16 = await card().toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    const img = await decodeImage(png16, 'deep.png');
    expect(img.data).toHaveLength(WIDTH * HEIGHT * 4);
    expect(pixel(img, 0, 0)).toEqual([0, 255, 0, 255]);
    expect(pixel(img, 7, 0)).toEqual([0, 0, 255, 255]);
  });

  it('gives grayscale images four channels', async () => {
    const gray = await card().greyscale().toColourspace('b-w').png().toBuffer();
    expect((await sharp(gray).metadata()).channels).toBe(2);
    const img = await decodeImage(gray, 'gray.png');
    const [r, g, b, a] = pixel(img, 7, 5);
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(a).toBe(255);
  });

  it('converts CMYK JPEG to sRGB', async () => {
    const cmyk = await card().resize(64, 48, { kernel: 'nearest' }).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const img = await decodeImage(cmyk, 'print.jpg');
    const [r, g, b] = pixel(img, 10, 30);
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
  });

  it('turns EXIF-rotated JPEGs upright', async () => {
    // Orientation 6: the camera was turned 90 degrees clockwise; upright, the stored top-left is at the top right.
    const big = card().resize(80, 60, { kernel: 'nearest' });
    const jpeg = await big.jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const img = await decodeImage(jpeg, 'phone.jpg');
    expect([img.width, img.height]).toEqual([60, 80]);
    expectColour(pixel(img, 57, 2), [0, 255, 0, 255], 60);
    // The red half (stored left) is now the top half, blue the bottom.
    expectColour(pixel(img, 30, 25), [255, 0, 0, 255], 40);
    expectColour(pixel(img, 30, 60), [0, 0, 255, 255], 40);
  });

  it('refuses an empty file', async () => {
    expect((await decodeError(new Uint8Array(0), 'nothing.png')).message).toBe('nothing.png is empty (0 bytes).');
  });

  it('refuses text, whatever the file is called', async () => {
    const text = Buffer.from('Shopping list: eggs, milk, a better MNIST model.\n');
    expect((await decodeError(text, 'notes.png')).message).toBe('notes.png is not an image (or is damaged).');
  });

  it('refuses truncated PNG and JPEG files', async () => {
    const png = await card().png().toBuffer();
    const jpeg = await card().resize(64, 48).jpeg().toBuffer();
    expect((await decodeError(png.subarray(0, png.length - 20), 'cut.png')).message).toBe(
      'cut.png looks like a PNG image but is damaged or incomplete.',
    );
    expect((await decodeError(jpeg.subarray(0, jpeg.length >> 1), 'cut.jpg')).message).toBe(
      'cut.jpg looks like a JPEG image but is damaged or incomplete.',
    );
  });

  it('refuses images above the pixel limit from the header alone', async () => {
    // The file declares 30000x30000 but holds no real pixels: only the header can have been read.
    expect((await decodeError(pngHeaderOnly(30000, 30000), 'big.png')).message).toBe(
      'big.png is 30000x30000 pixels; the limit is 50 megapixels.',
    );
    expect(MAX_IMAGE_PIXELS).toBe(50_000_000);
    const gif = Buffer.from(await card().gif().toBuffer());
    gif.writeUInt16LE(10000, 6);
    gif.writeUInt16LE(6000, 8);
    expect((await decodeError(gif, 'wide.gif')).message).toBe('wide.gif is 10000x6000 pixels; the limit is 50 megapixels.');
    // Just under the limit, the same empty file is simply damaged.
    expect((await decodeError(pngHeaderOnly(7000, 7000), 'fine.png')).message).toMatch(/damaged or incomplete/);
  });

  it("refuses a JPEG above the pixel limit from its frame header alone", async () => {
    const jpeg = Buffer.from(await card().jpeg().toBuffer());
    // The baseline frame header (FF C0, length, precision) holds the height, then the width.
    const frame = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(9000, frame + 5);
    jpeg.writeUInt16BE(6000, frame + 7);
    expect((await decodeError(jpeg, 'huge.jpg')).message).toBe('huge.jpg is 6000x9000 pixels; the limit is 50 megapixels.');
  });

  it('refuses SVG drawings and says so', async () => {
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M0 0h5v5z"/></svg>');
    expect((await decodeError(svg, 'logo.svg')).message).toBe(
      'logo.svg is an SVG drawing; only pixel images are supported. Export it as PNG and try again.',
    );
  });

  it('explains that HEIC photos cannot be read', async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(40)]);
    expect((await decodeError(heic, 'IMG_0001.HEIC')).message).toMatch(/^IMG_0001\.HEIC is a HEIC\/HEIF photo, which cannot be read here/);
  });
});

describe('sniffFormat', () => {
  it('recognises formats by their bytes', async () => {
    expect(sniffFormat(await card().png().toBuffer())).toBe('png');
    expect(sniffFormat(await card().jpeg().toBuffer())).toBe('jpeg');
    expect(sniffFormat(await card().webp().toBuffer())).toBe('webp');
    expect(sniffFormat(await card().gif().toBuffer())).toBe('gif');
    expect(sniffFormat(await card().tiff().toBuffer())).toBe('tiff');
    expect(sniffFormat(Buffer.from('BM'))).toBe('bmp');
    expect(sniffFormat(Buffer.from('  <svg width="1"></svg>'))).toBe('svg');
    expect(sniffFormat(Buffer.from('<html><body>hi</body></html>'))).toBeNull();
    expect(sniffFormat(Buffer.from([0x1f, 0x8b, 8, 0]))).toBeNull();
  });
});

describe('decodeImage with maxSide', () => {
  it('shrinks a photo larger than maxSide to fit it, aspect kept, colours and transparency intact', async () => {
    // 3000x1800: red left half, blue right half.
    const photo = await card().resize(3000, 1800, { kernel: 'nearest' });
    const jpeg = await decodeImage(await photo.clone().jpeg({ quality: 95 }).toBuffer(), 'photo.jpg', { maxSide: 512 });
    expect([jpeg.width, jpeg.height]).toEqual([512, 307]);
    expect(jpeg.data).toHaveLength(512 * 307 * 4);
    expectColour(pixel(jpeg, 100, 200), [255, 0, 0, 255], 12);
    expectColour(pixel(jpeg, 400, 200), [0, 0, 255, 255], 12);

    const tall = await decodeImage(await card(128).resize(600, 2000, { kernel: 'nearest' }).png().toBuffer(), 'tall.png', { maxSide: 512 });
    expect([tall.width, tall.height]).toEqual([154, 512]);
    expectColour(pixel(tall, 20, 400), [255, 0, 0, 128], 2);
  });

  it('leaves pictures within maxSide, and every picture without it, at their own size', async () => {
    const small = await decodeImage(await card().png().toBuffer(), 'card.png', { maxSide: 512 });
    expect([small.width, small.height]).toEqual([WIDTH, HEIGHT]);
    expect(pixel(small, 0, 0)).toEqual([0, 255, 0, 255]);
    const full = await decodeImage(await card().resize(1200, 900, { kernel: 'nearest' }).png().toBuffer(), 'big.png');
    expect([full.width, full.height]).toEqual([1200, 900]);
  });
});

describe('decodeImage of a JPEG, sized from its frame header', () => {
  /** What decoding gave when sharp's metadata was always asked for the size. */
  const withMetadata = (bytes: Uint8Array, name: string, maxSide?: number) => decodeWithSharp(bytes, name, 'jpeg', { maxSide });

  it("gives the very bytes it gave with sharp's metadata for every JPEG of the real-world set", async () => {
    const jpegs = await realWorldFiles('.jpg');
    expect(jpegs.length).toBeGreaterThan(50);
    for (const { name, bytes } of jpegs) expectSameImage(await decodeImage(bytes, name, { maxSide: 512 }), await withMetadata(bytes, name, 512), name);
  });

  it('does so for progressive, EXIF-rotated, shrunk and gray JPEGs', async () => {
    const photo = card().resize(900, 600, { kernel: 'nearest' });
    const jpegs = {
      'progressive.jpg': await photo.clone().jpeg({ progressive: true }).toBuffer(),
      'rotated.jpg': await photo.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      'gray.jpg': await photo.clone().greyscale().jpeg().toBuffer(),
    };
    for (const [name, bytes] of Object.entries(jpegs)) {
      for (const maxSide of [undefined, 512]) expectSameImage(await decodeImage(bytes, name, { maxSide }), await withMetadata(bytes, name, maxSide), `${name} at ${maxSide ?? 'full size'}`);
    }
  });
});
