/**
 * The one way any image becomes a 28x28 MNIST-style input, shared by the app and the command line
 * so a file gets the same prediction in both. It follows how MNIST itself was made: the digit's
 * bounding box is scaled (anti-aliased, aspect kept) to fit 20x20, then placed in a 28x28 field
 * so its centre of mass sits at the centre.
 */
import { choosePaper, toGrayscale, type RgbaPixels } from './grayscale';
import { inkLevels, type Polarity } from './levels';
import { resizeCrop, type Rect } from './resample';

export type { RgbaPixels } from './grayscale';
export type { Polarity } from './levels';
export type { Rect } from './resample';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** MNIST digits fill a 20x20 box inside the 28x28 field. */
export const MNIST_FIT = 20;
/** Where MNIST puts the centre of mass, in pixel-index coordinates (measured over all 70k: 14.0, 14.0). */
export const MNIST_CENTRE = 14;

export interface MnistImage {
  /** 784 values 0..1, row-major, white ink on black like MNIST. */
  pixels: Float32Array;
  /** Whether the input was dark ink on light paper (and so was inverted). */
  inverted: boolean;
  /** No ink found: pixels are all 0. */
  empty: boolean;
  /** The ink's bounding box in the input image, or null when empty. */
  bbox: Rect | null;
}

/** Steps that can be switched off, to measure what each is worth (`npm run bench -- --parts real-world --without ...`). */
export const OPTIONAL_STEPS = ['flatten-light', 'despeckle', 'deskew', 'stroke-width'] as const;
export type OptionalStep = (typeof OPTIONAL_STEPS)[number];

export interface PreprocessOptions {
  /** Steps to leave out (default: none). */
  skip?: readonly OptionalStep[];
  /** 'auto' (default) decides from the background; the others force a reading. */
  polarity?: Polarity;
  /** Ink fainter than this fraction of the background-to-ink contrast counts as noise (default 0.1). */
  noiseThreshold?: number;
}

const DEFAULT_NOISE_THRESHOLD = 0.1;

export function preprocessToMnist(img: RgbaPixels, opts: PreprocessOptions = {}): MnistImage {
  const noiseThreshold = opts.noiseThreshold ?? DEFAULT_NOISE_THRESHOLD;
  if (!(noiseThreshold >= 0 && noiseThreshold < 1)) {
    throw new Error(`The noise threshold must be at least 0 and below 1, not ${noiseThreshold}.`);
  }
  const gray = toGrayscale(img, choosePaper(img));
  const levels = inkLevels(gray, img.width, img.height, { polarity: opts.polarity ?? 'auto', noiseThreshold });
  const bbox = levels.lut ? inkBoundingBox(gray, img.width, img.height, levels.lut) : null;
  if (!levels.lut || !bbox) {
    return { pixels: new Float32Array(MNIST_PIXELS), inverted: levels.inverted, empty: true, bbox: null };
  }

  const scale = MNIST_FIT / Math.max(bbox.width, bbox.height);
  const fitWidth = Math.min(MNIST_FIT, Math.max(1, Math.round(bbox.width * scale)));
  const fitHeight = Math.min(MNIST_FIT, Math.max(1, Math.round(bbox.height * scale)));
  const digit = resizeCrop(gray, img.width, levels.lut, bbox, fitWidth, fitHeight);
  brightenFaintStrokes(digit);
  return { pixels: placeByCentreOfMass(digit, fitWidth, fitHeight), inverted: levels.inverted, empty: false, bbox };
}

/** The smallest rectangle holding every pixel with ink, or null if there is none. */
export function inkBoundingBox(gray: Uint8Array, width: number, height: number, lut: Float32Array): Rect | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let rowHasInk = false;
    for (let x = 0; x < width; x++) {
      if (lut[gray[row + x]] > 0) {
        rowHasInk = true;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
    if (rowHasInk) {
      if (y < top) top = y;
      bottom = y;
    }
  }
  return right < 0 ? null : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * A thin pen line in a large photo shrinks to a faint trace (a 3 px line scaled by 1/50 averages
 * to 0.06); MNIST strokes always have a saturated core, so lift the brightest value to 1.
 */
function brightenFaintStrokes(digit: Float32Array): void {
  let peak = 0;
  for (const v of digit) if (v > peak) peak = v;
  if (peak <= 0 || peak >= 1) return;
  for (let i = 0; i < digit.length; i++) digit[i] /= peak;
}

/**
 * Copies the fitted digit into the 28x28 field, shifted by whole pixels so its centre of mass lands
 * as close to (14, 14) as the frame allows (the digit is never cut off).
 */
export function placeByCentreOfMass(digit: Float32Array, width: number, height: number): Float32Array {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = digit[y * width + x];
      mass += v;
      sumX += v * x;
      sumY += v * y;
    }
  }
  const centreX = mass > 0 ? sumX / mass : (width - 1) / 2;
  const centreY = mass > 0 ? sumY / mass : (height - 1) / 2;
  const left = clamp(Math.round(MNIST_CENTRE - centreX), 0, MNIST_SIDE - width);
  const top = clamp(Math.round(MNIST_CENTRE - centreY), 0, MNIST_SIDE - height);
  const field = new Float32Array(MNIST_PIXELS);
  for (let y = 0; y < height; y++) {
    field.set(digit.subarray(y * width, (y + 1) * width), (top + y) * MNIST_SIDE + left);
  }
  return field;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
