/**
 * RGBA pixels to one 8-bit luma channel, with transparency composited over a paper colour.
 * Bytes rather than floats so a 50-megapixel photo costs 50 MB here, not 200 MB.
 */

/** Raw pixels as canvases and decoders hand them over: 4 bytes (R, G, B, A) per pixel, row-major. */
export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** Paper colours a transparent background can stand for. */
export type Paper = 'white' | 'black';

export function checkRgbaPixels(img: RgbaPixels): void {
  const { width, height, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`The image size ${width}x${height} is not valid: width and height must be whole numbers above 0.`);
  }
  if (data.length !== width * height * 4) {
    throw new Error(
      `The image data does not match its size: ${width}x${height} RGBA needs ${width * height * 4} bytes, found ${data.length}.`,
    );
  }
}

/** Rec. 601 luma weights (what MNIST-era tools and PIL's "L" mode use), scaled to sum to 2^16. */
const R_WEIGHT = 19595;
const G_WEIGHT = 38470;
const B_WEIGHT = 7471;

function luma(r: number, g: number, b: number): number {
  return (r * R_WEIGHT + g * G_WEIGHT + b * B_WEIGHT + 32768) >>> 16;
}

/**
 * The paper a transparent background stands for. White, as on a sheet of paper, unless the
 * visible (opaque) pixels are themselves light: white strokes on a transparent canvas would
 * vanish on white paper, so they go on black instead.
 */
export function choosePaper(img: RgbaPixels): Paper {
  const { data } = img;
  // Most pictures are opaque: one look at the alpha bytes settles those without weighing every pixel.
  let anyTransparency = false;
  for (let i = 3; i < data.length && !anyTransparency; i += 4) anyTransparency = data[i] < 255;
  if (!anyTransparency) return 'white';
  let weightedLuma = 0;
  let totalAlpha = 0;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3];
    weightedLuma += a * luma(data[i], data[i + 1], data[i + 2]);
    totalAlpha += a;
  }
  if (totalAlpha === 0) return 'white';
  return weightedLuma / totalAlpha > 127.5 ? 'black' : 'white';
}

/** One luma byte per pixel (0 black .. 255 white) after compositing over the paper, written into `gray` (a new array by default). */
export function toGrayscale(img: RgbaPixels, paper: Paper, gray = new Uint8Array(img.width * img.height)): Uint8Array {
  checkRgbaPixels(img);
  const { data } = img;
  const paperLevel = paper === 'white' ? 255 : 0;
  for (let p = 0, i = 0; p < gray.length; p++, i += 4) {
    const a = data[i + 3];
    const y = luma(data[i], data[i + 1], data[i + 2]);
    // Compositing in luma equals compositing each channel first: both steps are linear.
    gray[p] = a === 255 ? y : Math.round((y * a + paperLevel * (255 - a)) / 255);
  }
  return gray;
}

/**
 * toGrayscale over the paper choosePaper picks, into `gray`. Most pictures are opaque, and then
 * the paper shows nowhere: they are read in a single pass, which stops at the first pixel that is
 * not opaque and leaves such a picture to choosePaper and toGrayscale.
 */
export function toGrayscaleOnItsPaper(img: RgbaPixels, gray = new Uint8Array(img.width * img.height)): Uint8Array {
  checkRgbaPixels(img);
  const { data } = img;
  for (let p = 0, i = 0; p < gray.length; p++, i += 4) {
    if (data[i + 3] !== 255) return toGrayscale(img, choosePaper(img), gray);
    gray[p] = luma(data[i], data[i + 1], data[i + 2]);
  }
  return gray;
}
