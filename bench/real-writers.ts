/**
 * `--parts real-writers`: a run's model on digits that people outside MNIST wrote, the nearest thing
 * to issue #15's hidden set this project can measure. The digits are the 1,797 of UCI's "Optical
 * Recognition of Handwritten Digits" (43 writers; CC BY 4.0) as scikit-learn ships them: 8x8 blocks
 * of 17 grey levels, counted from 32x32 bitmaps. Debian's python3-sklearn has the file; the bench
 * never ships or downloads it. Each digit is enlarged and drawn two ways, then read like a dropped
 * file:
 * - scan: dark ink on white paper, the digit 64 pixels tall on a 116-pixel page;
 * - photo: blue ink on unevenly lit paper, off-centre, with sensor noise, saved as JPEG.
 * Enlarging 8x8 blocks blurs the strokes: these are blurry digits by real hands, not crisp ones.
 *
 * Two readings with the same model: the app's (the Predictor, every reading step) and an
 * MNIST-faithful reference (invert against the paper, crop the ink's box, fit it in 20x20, centre
 * by mass), the preprocessing the issue's reference CNN used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import type { OptionalStep } from '../common/image/preprocess';
import { MNIST_FIT, placeByCentreOfMass } from '../common/image/preprocess';
import { fitInside, plane, planeBoundingBox, resizePlane } from '../common/image/plane';
import { toGrayscale } from '../common/image/grayscale';
import { histogramOf, quantile } from '../common/image/levels';
import { createRng } from '../common/training/random';
import { decodeImage } from '../main/images/decode';
import { inferenceTf } from '../main/inference/inference-tf';
import { Predictor } from '../main/inference/predict';
import { predictBatch } from '../main/inference/read-digit';
import { loadRecordedModel } from '../main/models/recorded-model';
import type { RunStore } from '../main/store/types';
import { round } from './stats';

export const LOOKS = ['scan', 'photo'] as const;
type Look = (typeof LOOKS)[number];

export interface WrittenDigit {
  label: number;
  /** 64 ink levels 0..16, row-major. */
  blocks: number[];
}

/** The CSV rows: 64 ink levels then the label. */
export function readOptdigits(file: string): WrittenDigit[] {
  if (!existsSync(file)) {
    throw new Error(`The real writers' digits are not at ${file}. Install them with \`apt-get install python3-sklearn\` (Debian), or pass --optdigits FILE (scikit-learn's datasets/data/digits.csv.gz).`);
  }
  const text = gunzipSync(readFileSync(file)).toString('utf8').trim();
  return text.split('\n').map((line, i) => {
    const values = line.split(',').map(Number);
    if (values.length !== 65 || values.some((v) => !Number.isInteger(v) || v < 0 || v > 16)) throw new Error(`${file}, line ${i + 1}: not 64 levels and a label.`);
    return { label: values[64], blocks: values.slice(0, 64) };
  });
}

const DIGIT_SIDE = 64;

/** The digit enlarged to 64x64 with a cubic kernel, as gray paper-white bytes (255 paper, 0 ink). */
async function enlarge(digit: WrittenDigit): Promise<Buffer> {
  const paper = Buffer.from(digit.blocks.map((v) => 255 - Math.round((v * 255) / 16)));
  return sharp(paper, { raw: { width: 8, height: 8, channels: 1 } }).resize(DIGIT_SIDE, DIGIT_SIDE, { kernel: 'cubic' }).extractChannel(0).raw().toBuffer();
}

async function drawScan(gray: Buffer): Promise<Uint8Array> {
  const margin = Math.round(DIGIT_SIDE * 0.4);
  const page = sharp(gray, { raw: { width: DIGIT_SIDE, height: DIGIT_SIDE, channels: 1 } }).extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#ffffff' });
  return new Uint8Array(await page.png().toBuffer());
}

const PHOTO_SIDE = 160;
const BLUE_INK = [28, 58, 150] as const;

/** Blue ink over paper lit from one side, placed off-centre, with noise; a JPEG like a phone's. */
async function drawPhoto(gray: Buffer, rng: () => number): Promise<Uint8Array> {
  const left = Math.floor(20 + rng() * (PHOTO_SIDE - DIGIT_SIDE - 40));
  const top = Math.floor(20 + rng() * (PHOTO_SIDE - DIGIT_SIDE - 40));
  const angle = rng() * 2 * Math.PI;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const [bright, dim] = [235 - rng() * 15, 150 + rng() * 40];
  const rgb = Buffer.alloc(PHOTO_SIDE * PHOTO_SIDE * 3);
  for (let y = 0; y < PHOTO_SIDE; y++) {
    for (let x = 0; x < PHOTO_SIDE; x++) {
      const along = ((x / PHOTO_SIDE - 0.5) * dx + (y / PHOTO_SIDE - 0.5) * dy) / Math.SQRT2 + 0.5;
      const light = dim + (bright - dim) * along;
      const inside = x >= left && x < left + DIGIT_SIDE && y >= top && y < top + DIGIT_SIDE;
      const ink = inside ? 1 - gray[(y - top) * DIGIT_SIDE + (x - left)] / 255 : 0;
      const noise = (rng() + rng() + rng() - 1.5) * 8;
      for (let c = 0; c < 3; c++) {
        const paper = light * (c === 2 ? 0.97 : 1);
        const inked = paper * (1 - ink) + (BLUE_INK[c] * light) / 255 * ink;
        rgb[(y * PHOTO_SIDE + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(inked + noise)));
      }
    }
  }
  return new Uint8Array(await sharp(rgb, { raw: { width: PHOTO_SIDE, height: PHOTO_SIDE, channels: 3 } }).jpeg({ quality: 80 }).toBuffer());
}

/** One digit as a file in one look; the photo's placement, light and noise come from `rng`. */
export async function drawWrittenDigit(digit: WrittenDigit, look: Look, rng: () => number): Promise<Uint8Array> {
  const gray = await enlarge(digit);
  return look === 'scan' ? drawScan(gray) : drawPhoto(gray, rng);
}

/** Every digit drawn in one look, named by index and label, reproducibly. */
async function drawAll(digits: WrittenDigit[], look: Look): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const rng = createRng(15);
  const images: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const [i, digit] of digits.entries()) {
    images.push({ name: `${look}-${i}-${digit.label}.${look === 'scan' ? 'png' : 'jpg'}`, bytes: await drawWrittenDigit(digit, look, rng) });
  }
  return images;
}

/** Ink fainter than this share of the paper-to-ink contrast is paper: the reference's one global threshold. */
const REFERENCE_THRESHOLD = 0.35;

/**
 * The MNIST-faithful reading: ink measured against the paper's level (the median gray, as paper
 * covers most of the picture) and the darkest percent, one global threshold, the ink's box fitted
 * in 20x20 and centred by mass. No light evening, specks, slant or stroke width.
 */
export async function referenceInput(bytes: Uint8Array): Promise<Float32Array> {
  const image = await decodeImage(bytes, 'a written digit');
  const gray = toGrayscale(image, 'white');
  const hist = histogramOf(gray);
  const [paper, darkest] = [quantile(hist, 0.5), quantile(hist, 0.01)];
  const contrast = Math.max(1, paper - darkest);
  const ink = plane(image.width, image.height, Float32Array.from(gray, (v) => {
    const level = Math.min(1, (paper - v) / contrast);
    return level >= REFERENCE_THRESHOLD ? level : 0;
  }));
  const box = planeBoundingBox(ink);
  if (!box) return new Float32Array(28 * 28);
  const size = fitInside(box.width, box.height, MNIST_FIT);
  return placeByCentreOfMass(resizePlane(ink, box, size.width, size.height).data, size.width, size.height);
}

/** Correct answers per digit 0..9 and in all. */
function tally(labels: number[], truths: number[]): { correct: number; perDigit: number[] } {
  const right = Array(10).fill(0);
  const seen = Array(10).fill(0);
  labels.forEach((label, i) => {
    seen[truths[i]]++;
    if (label === truths[i]) right[truths[i]]++;
  });
  return { correct: right.reduce((a, b) => a + b, 0), perDigit: right.map((r, d) => round(r / Math.max(1, seen[d]), 3)) };
}

export interface RealWritersOptions {
  runId: number;
  home: string;
  store: RunStore;
  file: string;
  without: OptionalStep[];
}

export async function benchRealWriters(options: RealWritersOptions, print: (line: Record<string, unknown>) => void): Promise<void> {
  const digits = readOptdigits(options.file);
  const truths = digits.map((d) => d.label);
  const run = options.store.getRun(options.runId);
  const info = options.store.getModel(options.runId, 'final');
  if (!run || !info) throw new Error(`Run ${options.runId} has no final model.`);
  const tf = await inferenceTf();
  const model = await loadRecordedModel(tf, options.home, options.runId, info);
  const predictor = new Predictor(options.home, options.store, { skip: options.without });
  try {
    for (const look of LOOKS) {
      const images = await drawAll(digits, look);
      const answers = await predictor.answer({ runId: options.runId, images, model: 'final' });
      const app = tally(answers.map((a) => (a.ok ? a.label : -1)), truths);
      const reference = await Promise.all(images.map((image) => referenceInput(image.bytes)));
      const plain = tally(predictBatch(tf, model, reference).map((p) => p.indexOf(Math.max(...p))), truths);
      const common = { measure: 'real-writers', run: options.runId, testAccuracy: run.testAccuracy, look, digits: digits.length, without: options.without };
      print({ ...common, reading: 'app', correct: app.correct, refused: answers.filter((a) => !a.ok).length, accuracy: round(app.correct / digits.length, 4), perDigit: app.perDigit });
      print({ ...common, reading: 'mnist-faithful', correct: plain.correct, accuracy: round(plain.correct / digits.length, 4), perDigit: plain.perDigit });
    }
  } finally {
    model.dispose();
  }
}
