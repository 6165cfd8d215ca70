/**
 * The one way any image becomes a 28x28 MNIST-style input, shared by the app and the command line
 * so a file gets the same prediction in both. It follows how MNIST itself was made (the digit's
 * bounding box scaled, anti-aliased, aspect kept, to fit 20x20, then placed in a 28x28 field with
 * its centre of mass at the centre), after steps that make a photo or a drawing look like MNIST's
 * scans: even out the light, keep only the digit's own ink, stand a slanted digit up, and bring the
 * stroke width to MNIST's. Every step was measured on the real-world set (npm run bench -- --parts
 * real-world) before it stayed; see the README.
 */
import { chooseDigit, labelComponents } from './components';
import { checkRgbaPixels, toGrayscaleOnItsPaper, type RgbaPixels } from './grayscale';
import { keepPieces } from './keep';
import { inkLevels, type Polarity } from './levels';
import { flattenLighting } from './lighting';
import { deskew } from './moments';
import { brighten, intoField, MNIST_FIT, MNIST_PIXELS } from './mnist-field';
import { fitInside, plane, planeBoundingBox, resizePlane, toBytes, type Plane } from './plane';
import { resizeCrop, type Rect } from './resample';
import { Scratch } from './scratch';
import { normaliseStroke } from './stroke';
import { READING_VIEWS, readingViews } from './views';

export type { RgbaPixels } from './grayscale';
export type { InkPolarity, Polarity } from './levels';
export type { Rect } from './resample';

export { MNIST_CENTRE, MNIST_FIT, MNIST_PIXELS, MNIST_SIDE, placeByCentreOfMass } from './mnist-field';

/** Steps that can be switched off, to measure what each is worth (`npm run bench -- --parts real-world --without ...`). */
export const OPTIONAL_STEPS = ['flatten-light', 'despeckle', 'deskew', 'stroke-width', 'views'] as const;
export type OptionalStep = (typeof OPTIONAL_STEPS)[number];

/** How many views each picture is read in with these options (views.ts): what a score records. */
export function viewsRead(options: PreprocessOptions): number {
  return options.skip?.includes('views') ? 1 : READING_VIEWS.length;
}

/**
 * Photos are read at most this many pixels across: a digit that fills a third of a phone photo is
 * still ~170 pixels tall, twice the working size below, and the work stays bounded for 50 MP.
 * Decoders that can shrink while decoding are asked for this size (main/images/decode.ts); what
 * arrives larger is area-averaged here. 512 rather than 1024: the steps' time grows with the
 * pixels, and at 1024 a 12 MP photo took ~4x longer to read, with the same answers on 55 9-MP
 * photos of the real-world set (bench/real-world.ts, large-photo).
 */
export const MAX_READ_SIDE = 512;
/** The digit is deskewed and its strokes measured at 4x MNIST's 20-pixel box, for sub-pixel precision. */
const WORK_SIDE = 4 * MNIST_FIT;
/** MNIST's stroke widths at WORK_SIDE, 10th..90th percentile (2,000 training digits, measured with strokeWidth()). */
const MNIST_STROKE = { low: 6.3, high: 13 } as const;
/** The slant (shear per pixel) MNIST's digits commonly keep; only slant beyond it is removed. */
const MNIST_SLANT_KEPT = 0;
/** Pictures of the steps: the ink found at most this wide, the crops at most this. */
const STEP_SIDE = { ink: 56, crop: 40 } as const;

/** A small grayscale picture of one step (0 background .. 255 ink, row-major). */
export interface StepPicture {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface PreprocessSteps {
  /** The ink told from paper over the whole picture, specks removed. */
  ink: StepPicture;
  /** The digit's bounding box, cut out. */
  cropped: StepPicture;
  /** Stood upright and its stroke width brought to MNIST's. */
  normalised: StepPicture;
}

/** Why no digit was read: nothing there, only noise or texture, or more than one digit. */
export type NoDigit = { kind: 'blank' } | { kind: 'noise' } | { kind: 'several'; count: number };

export interface MnistImage {
  /** 784 values 0..1, row-major, white ink on black like MNIST. */
  pixels: Float32Array;
  /**
   * The model's inputs: `pixels` first, then the same digit seen the other ways views.ts lists
   * (only `pixels` when the 'views' step is skipped or no digit was read). The answer is the mean
   * of the model's probabilities over them.
   */
  views: Float32Array[];
  /** Whether the input was read as dark ink on light paper (and so was inverted). */
  inverted: boolean;
  /** No digit read (pixels all 0), and why; null when there is one. */
  noDigit: NoDigit | null;
  /** The ink's bounding box in the input image, or null when no digit was read. */
  bbox: Rect | null;
  /** Pictures of the steps, or null when no digit was read or they were not asked for (`steps: false`). */
  steps: PreprocessSteps | null;
}

export interface PreprocessOptions {
  /** 'auto' (default) decides from the background; the others force a reading. */
  polarity?: Polarity;
  /** Ink fainter than this fraction of the background-to-ink contrast counts as paper (default 0.3). */
  noiseThreshold?: number;
  /** Steps to leave out (default: none). */
  skip?: readonly OptionalStep[];
  /**
   * Whether to draw the step pictures (default true). Scoring a model shows none of them and
   * leaves them out: they cost about a tenth of the reading, and the 28x28 input is the same.
   */
  steps?: boolean;
}

/**
 * The faintest 30% of the paper-to-ink range is paper, and the rest is stretched to 0..1: a blurred
 * or soft stroke keeps its core and loses its halo, as crisp as MNIST's pen. Measured on 1,797
 * digits by 43 people outside MNIST (`npm run bench -- --parts real-writers`, three default-preset
 * models): 92.3% read at 0.1, 93.8% at 0.2, 94.7% at 0.3, 95.3% at 0.4; the shipped real-world set
 * read the same at 0.1 and 0.3 (97.1% and 97.2%) and lost procedural pictures at 0.4, and MNIST
 * test digits printed large read 98.93% at 0.1 and 98.78% at 0.3.
 */
const DEFAULT_NOISE_THRESHOLD = 0.3;

/** What a person is told when no digit was read, after the image's name. */
export function noDigitMessage(noDigit: NoDigit): string {
  switch (noDigit.kind) {
    case 'blank':
      return 'looks blank: no digit found.';
    case 'noise':
      return 'looks like noise or texture, not a digit: no single shape stands out.';
    case 'several':
      return `seems to hold ${noDigit.count} digits side by side; the model reads one digit at a time, so crop it to one.`;
  }
}

function stepPicture(p: Plane, side: number): StepPicture {
  const size = fitInside(p.width, p.height, Math.min(side, Math.max(p.width, p.height)));
  const small = resizePlane(p, { x: 0, y: 0, width: p.width, height: p.height }, size.width, size.height);
  return { width: small.width, height: small.height, pixels: toBytes(small) };
}

/** The picture in gray when it needs no shrinking: working space, valid until the next picture. */
const grayScratch = new Scratch((n) => new Uint8Array(n));

/** Gray bytes at most MAX_READ_SIDE across (area-averaged when larger). */
function readableGray(img: RgbaPixels): { gray: Uint8Array; width: number; height: number; scale: number } {
  // Checked first: the picture's size sets the working space's.
  checkRgbaPixels(img);
  // A larger picture's gray is its own array, so that no working space stays the size of a photo.
  if (Math.max(img.width, img.height) <= MAX_READ_SIDE) {
    return { gray: toGrayscaleOnItsPaper(img, grayScratch.unset(img.width * img.height)), width: img.width, height: img.height, scale: 1 };
  }
  const gray = toGrayscaleOnItsPaper(img);
  const size = fitInside(img.width, img.height, MAX_READ_SIDE);
  const unit = Float32Array.from({ length: 256 }, (_, v) => v / 255);
  const small = resizeCrop(gray, img.width, unit, { x: 0, y: 0, width: img.width, height: img.height }, size.width, size.height);
  const bytes = new Uint8Array(small.length);
  for (let i = 0; i < small.length; i++) bytes[i] = Math.round(small[i] * 255);
  return { gray: bytes, width: size.width, height: size.height, scale: img.width / size.width };
}

/** What is at least this much ink is solid: the pieces of ink are made of it. */
const SOLID_INK = 0.5;

/** The ink plane, the solid mask and the labels of one picture: working space, valid until the next picture. */
const inkScratch = new Scratch((n) => new Float32Array(n));
const solidScratch = new Scratch((n) => new Uint8Array(n));
const labelsScratch = new Scratch((n) => new Int32Array(n));

/** Every gray value read through the levels' LUT as ink, and where that ink is solid, in one pass. */
function inkOf(gray: Uint8Array, width: number, height: number, lut: Float32Array): { ink: Plane; solid: Uint8Array } {
  const solidLut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) solidLut[v] = lut[v] >= SOLID_INK ? 1 : 0;
  const data = inkScratch.unset(gray.length);
  const solid = solidScratch.unset(gray.length);
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i];
    data[i] = lut[v];
    solid[i] = solidLut[v];
  }
  return { ink: plane(width, height, data), solid };
}

/** The fringe kept around the digit's ink: a 25th of the picture's longer side (over an MNIST pixel when the digit fills it). */
const KEEP_REACH_PER = 25;

export function preprocessToMnist(img: RgbaPixels, opts: PreprocessOptions = {}): MnistImage {
  const noiseThreshold = opts.noiseThreshold ?? DEFAULT_NOISE_THRESHOLD;
  if (!(noiseThreshold >= 0 && noiseThreshold < 1)) {
    throw new Error(`The noise threshold must be at least 0 and below 1, not ${noiseThreshold}.`);
  }
  const skip = new Set(opts.skip ?? []);
  const { gray: raw, width, height, scale } = readableGray(img);
  const noDigit = (inverted: boolean, why: NoDigit): MnistImage => {
    const pixels = new Float32Array(MNIST_PIXELS);
    return { pixels, views: [pixels], inverted, noDigit: why, bbox: null, steps: null };
  };

  const found = inkLevels(raw, width, height, { polarity: opts.polarity ?? 'auto', noiseThreshold });
  const { inverted } = found;
  const gray = skip.has('flatten-light') ? raw : flattenLighting(raw, width, height, inverted);
  // Evenly lit pictures come back unchanged: their levels, for the polarity just found, are the ones already found.
  const levels = gray === raw ? found : inkLevels(gray, width, height, { polarity: inverted ? 'dark-on-light' : 'light-on-dark', noiseThreshold });
  if (!levels.lut) return noDigit(inverted, { kind: 'blank' });
  const { ink, solid } = inkOf(gray, width, height, levels.lut);

  // Where ink can still be: the despeckling clears everything outside the digit's surroundings.
  let inkRegion: Rect = { x: 0, y: 0, width, height };
  if (!skip.has('despeckle')) {
    const pieces = labelComponents(solid, width, height, labelsScratch.zeroed(gray.length));
    const verdict = chooseDigit(pieces.components);
    if (verdict.kind === 'none') return noDigit(inverted, { kind: 'blank' });
    if (verdict.kind !== 'digit') return noDigit(inverted, verdict);
    inkRegion = keepPieces(ink, pieces, verdict.keep, Math.max(1, Math.round(Math.max(width, height) / KEEP_REACH_PER)));
  }
  const box = planeBoundingBox(ink, inkRegion);
  if (!box) return noDigit(inverted, { kind: 'blank' });

  const work = fitInside(box.width, box.height, WORK_SIDE);
  const cropped = brighten(resizePlane(ink, box, work.width, work.height));
  const upright = skip.has('deskew') ? cropped : deskew(cropped, MNIST_SLANT_KEPT);
  const restroke = (p: Plane): Plane => (skip.has('stroke-width') ? p : normaliseStroke(p, MNIST_STROKE.low, MNIST_STROKE.high));
  const digit = restroke(upright);
  const digitBox = planeBoundingBox(digit) ?? { x: 0, y: 0, width: digit.width, height: digit.height };
  // A digit neither deskewed nor re-stroked is shrunk straight from the picture, in one anti-aliasing step as MNIST was.
  const [source, sourceBox] = digit === cropped ? [ink, box] : [digit, digitBox];
  const pixels = intoField(source, sourceBox);
  const views = skip.has('views') ? [pixels] : readingViews({ digit, source, sourceBox, slanted: upright === cropped ? null : restroke(cropped) }, pixels);
  return {
    pixels,
    views,
    inverted,
    noDigit: null,
    bbox: { x: Math.floor(box.x * scale), y: Math.floor(box.y * scale), width: Math.ceil(box.width * scale), height: Math.ceil(box.height * scale) },
    steps: opts.steps === false ? null : stepPictures(ink, cropped, resizePlane(digit, digitBox, digitBox.width, digitBox.height)),
  };
}

function stepPictures(ink: Plane, cropped: Plane, normalised: Plane): PreprocessSteps {
  return { ink: stepPicture(ink, STEP_SIDE.ink), cropped: stepPicture(cropped, STEP_SIDE.crop), normalised: stepPicture(normalised, STEP_SIDE.crop) };
}
