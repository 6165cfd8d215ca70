/**
 * One image through the reading steps and a model: decode, preprocess to MNIST's 28x28, predict.
 * The Test screen, `mnist-lab predict`, the real-world bench and each run's real-world score all
 * read pictures here, so a file gets the same answer wherever it is read.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import type { ImageInput, PredictionResult } from '../../common/ipc/contract';
import { MAX_READ_SIDE, MNIST_SIDE, noDigitMessage, preprocessToMnist, type MnistImage, type PreprocessOptions, type StepPicture } from '../../common/image/preprocess';
import { READING_VIEWS } from '../../common/image/views';
import { decodeImage } from '../images/decode';

type Tf = typeof tfjs;

/**
 * An image ready for the model, or why it cannot be read (each image gets its own message). Its
 * step pictures are there unless the reading was asked for without them (`steps: false`).
 */
export type PreparedDigit = { ok: true; file: string; prepared: MnistImage } | { ok: false; file: string; error: string };

export async function prepareDigit(image: ImageInput, options: PreprocessOptions = {}): Promise<PreparedDigit> {
  try {
    const rgba = 'bytes' in image ? await decodeImage(image.bytes, image.name, { maxSide: MAX_READ_SIDE }) : image.rgba;
    const prepared = preprocessToMnist(rgba, { ...options, polarity: image.polarity ?? options.polarity });
    if (prepared.noDigit) return { file: image.name, ok: false, error: `${image.name} ${noDigitMessage(prepared.noDigit)}` };
    return { ok: true, file: image.name, prepared };
  } catch (error) {
    return { file: image.name, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function stepImage(picture: StepPicture): { width: number; height: number; pixels: number[] } {
  return { width: picture.width, height: picture.height, pixels: Array.from(picture.pixels) };
}

/** The model's probabilities for each prepared image, in one batch (one predict call for the lot). */
export function predictBatch(tf: Tf, model: LayersModel, inputs: readonly Float32Array[]): number[][] {
  if (inputs.length === 0) return [];
  const pixels = MNIST_SIDE * MNIST_SIDE;
  const batch = new Float32Array(inputs.length * pixels);
  inputs.forEach((input, i) => batch.set(input, i * pixels));
  const flat = tf.tidy(() => (model.predict(tf.tensor4d(batch, [inputs.length, MNIST_SIDE, MNIST_SIDE, 1])) as tfjs.Tensor).dataSync());
  const classes = flat.length / inputs.length;
  return inputs.map((_, i) => Array.from(flat.subarray(i * classes, (i + 1) * classes)));
}

/** An image's answer from its prepared digit, the mean of its views' probabilities and each view's own. */
type Answer<T> = (digit: PreparedDigit, probabilities: number[] | null, perView: readonly number[][]) => T;

/** Why an image got no answer. */
type Refusal = Extract<PredictionResult, { ok: false }>;

/** What scoring needs of a reading: the digit read and the model's probabilities, or why there is none. */
export type DigitAnswer = { file: string; ok: true; label: number; probabilities: number[] } | Refusal;

/** The digit the model's probabilities give, or why they give none. */
function answerOf(file: string, probabilities: number[] | null): DigitAnswer {
  // A damaged or diverged model can answer NaN: that is not a reading, so no digit is given.
  if (!probabilities || probabilities.length !== 10 || !probabilities.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)) {
    return { file, ok: false, error: `The model gave no usable probabilities for ${file} (its output is not finite): it may be damaged or have diverged; try the run's other model or re-train it.` };
  }
  return { file, ok: true, label: argmax(probabilities), probabilities };
}

function argmax(values: readonly number[]): number {
  return values.indexOf(Math.max(...values));
}

/**
 * A prepared image's answer from the model's probabilities (the mean over its views, whose own
 * rows are `perView`), with what the Test screen shows of its reading.
 */
export function toPrediction(digit: PreparedDigit, probabilities: number[] | null, perView: readonly number[][]): PredictionResult {
  if (!digit.ok) return digit;
  const answer = answerOf(digit.file, probabilities);
  if (!answer.ok) return answer;
  const { steps, views, inverted } = digit.prepared;
  if (!steps) throw new Error(`${digit.file} was read without its step pictures, which a prediction shows.`);
  return {
    ...answer,
    views: views.map((input, i) => {
      const label = argmax(perView[i]);
      return { name: READING_VIEWS[i], label, probability: perView[i][label], input: Array.from(input) };
    }),
    polarity: inverted ? 'dark-on-light' : 'light-on-dark',
    steps: { ink: stepImage(steps.ink), cropped: stepImage(steps.cropped), normalised: stepImage(steps.normalised) },
  };
}

/**
 * How a list of images is prepared, in order: one after another on this thread, or shared among
 * threads (a training process's worker threads score its final model that way).
 */
export type PrepareDigits = (images: readonly ImageInput[], options: PreprocessOptions) => Promise<PreparedDigit[]>;

export const prepareDigitsHere: PrepareDigits = async (images, options) => {
  const digits: PreparedDigit[] = [];
  for (const image of images) digits.push(await prepareDigit(image, options));
  return digits;
};

/** Reads several images with one model: each prepared (with `steps` or without), all predicted in one batch, each answered by `answer`. */
function reader<T>(steps: boolean, answer: Answer<T>) {
  return async (tf: Tf, model: LayersModel, images: readonly ImageInput[], options: PreprocessOptions = {}, prepare: PrepareDigits = prepareDigitsHere): Promise<Array<T | Refusal>> =>
    predictPrepared(tf, model, await prepare(images, { ...options, steps }), answer);
}

/** What the Test screen shows of each image: its answer, probabilities, 28x28 input and step pictures. */
export const readDigits = reader(true, toPrediction);

/**
 * The digits several images read as, and nothing else: the same inputs and answers as readDigits
 * gives, without the step pictures and copies for display that scoring a model never shows.
 */
export const answerDigits = reader(false, (digit, probabilities): DigitAnswer => (digit.ok ? answerOf(digit.file, probabilities) : digit));

/** The mean of a picture's views' probabilities: the answer's. */
export function meanOfViews(rows: readonly number[][]): number[] {
  return rows[0].map((_, k) => rows.reduce((sum, row) => sum + row[k], 0) / rows.length);
}

/** Predicts the prepared images' views in one batch; each image's answer comes from `answer`, a failed predict refuses them all. */
function predictPrepared<T>(tf: Tf, model: LayersModel, digits: PreparedDigit[], answer: Answer<T>): Array<T | Refusal> {
  const ready = digits.filter((d): d is Extract<PreparedDigit, { ok: true }> => d.ok);
  let rows: number[][];
  try {
    rows = predictBatch(tf, model, ready.flatMap((d) => d.prepared.views));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return digits.map((d) => (d.ok ? { file: d.file, ok: false, error: `The model could not read ${d.file}: ${message}` } : d));
  }
  let next = 0;
  const perView = new Map(ready.map((d) => [d, rows.slice(next, (next += d.prepared.views.length))] as const));
  return digits.map((d) => {
    const own = perView.get(d as Extract<PreparedDigit, { ok: true }>);
    return answer(d, own ? meanOfViews(own) : null, own ?? []);
  });
}
