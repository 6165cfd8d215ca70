/**
 * `--parts real-writers`: a run's model on digits that people outside MNIST wrote, the nearest thing
 * to issue #15's hidden set this project can measure. The digits are the 1,797 of UCI's "Optical
 * Recognition of Handwritten Digits" (43 writers; CC BY 4.0) as scikit-learn ships them: 8x8 blocks
 * of 17 grey levels, counted from 32x32 bitmaps. Debian's python3-sklearn has the file; the bench
 * never ships or downloads it. Each digit is enlarged and drawn in the looks asked for (the nine
 * of `real-writers-looks.ts`: scan, phone photo, light on dark, transparent, small, large, thick,
 * thin and slanted), then read like a dropped file. Enlarging 8x8 blocks blurs the strokes: these
 * are blurry digits by real hands, not crisp ones.
 *
 * Two readings with the same model: the app's (the Predictor, every reading step) and an
 * MNIST-faithful reference (invert against the paper, crop the ink's box, fit it in 20x20, centre
 * by mass), the preprocessing the issue's reference CNN used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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
import { drawWrittenDigit, type Look } from './real-writers-looks';
import { round } from './stats';

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

/** Every digit drawn in one look, named by index and label, reproducibly. */
async function drawAll(digits: WrittenDigit[], look: Look): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const rng = createRng(15);
  const images: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const [i, digit] of digits.entries()) {
    const bytes = await drawWrittenDigit(digit, look, rng);
    images.push({ name: `${look}-${i}-${digit.label}.${bytes[0] === 0xff ? 'jpg' : 'png'}`, bytes });
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
  looks: readonly Look[];
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
    for (const look of options.looks) {
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
