/**
 * Batched evaluation of a model on a device dataset: loss, accuracy and predicted labels; and the
 * one test-set evaluation that a run ends with and `mnist-lab evaluate` repeats, so both agree.
 * A dataset can be evaluated in ranges (one per worker thread) and joined: the same predictions.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { TrainingEvent } from '../../common/training/run';
import type { ExampleRanges } from './host-dataset';
import { countCorrect, crossEntropyPerExample } from './losses';
import { confusionMatrix, perClassMetrics } from './metrics';
import { yieldToEventLoop } from './yield';

type Tf = typeof tfjs;

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Predicted class of each example, in dataset order. */
  predictions: Uint8Array;
}

export const EVAL_BATCH_SIZE = 500;

/** The sums of one contiguous range of a dataset: what each worker sharing an evaluation returns. */
export interface PartialEvaluation {
  lossSum: number;
  correct: number;
  /** Predicted class of each example of the range, in order. */
  predictions: Uint8Array;
}

/** Evaluates examples [start, start + count) of `data`; null when cancelled part-way (checked between batches). */
export async function evaluateRange(
  tf: Tf,
  model: LayersModel,
  data: ExampleRanges,
  range: { start: number; count: number },
  signal: { cancelled: boolean },
  batchSize = EVAL_BATCH_SIZE,
): Promise<PartialEvaluation | null> {
  const predictions = new Uint8Array(range.count);
  let lossSum = 0;
  let correct = 0;
  for (let offset = 0; offset < range.count; offset += batchSize) {
    if (signal.cancelled) return null;
    const size = Math.min(batchSize, range.count - offset);
    const [stats, predicted] = tf.tidy(() => {
      const { xs, ys } = data.slice(range.start + offset, size);
      const probabilities = model.predict(xs) as Tensor;
      const sums = tf.stack([tf.sum(crossEntropyPerExample(tf, probabilities, ys)), countCorrect(tf, probabilities, ys)]);
      return [sums, tf.argMax(probabilities, -1)];
    });
    const [statValues, predictedValues] = await Promise.all([stats.data(), predicted.data()]);
    stats.dispose();
    predicted.dispose();
    lossSum += statValues[0];
    correct += statValues[1];
    predictions.set(predictedValues, offset);
    await yieldToEventLoop();
  }
  return { lossSum, correct, predictions };
}

/** The evaluation of a whole dataset of `count` examples from its ranges' sums, given in dataset order. */
export function joinEvaluations(parts: readonly PartialEvaluation[], count: number): Evaluation {
  const predictions = new Uint8Array(count);
  let offset = 0;
  let lossSum = 0;
  let correct = 0;
  for (const part of parts) {
    predictions.set(part.predictions, offset);
    offset += part.predictions.length;
    lossSum += part.lossSum;
    correct += part.correct;
  }
  const denominator = Math.max(count, 1);
  return { loss: lossSum / denominator, accuracy: correct / denominator, predictions };
}

/** Returns null when cancelled part-way (checked between batches). */
export async function evaluateModel(
  tf: Tf,
  model: LayersModel,
  data: ExampleRanges,
  signal: { cancelled: boolean },
  batchSize = EVAL_BATCH_SIZE,
): Promise<Evaluation | null> {
  const whole = await evaluateRange(tf, model, data, { start: 0, count: data.count }, signal, batchSize);
  return whole && joinEvaluations([whole], data.count);
}

/** What a run records of its test set: the 'done' event's figures. */
export type TestSetResults = Omit<Extract<TrainingEvent, { type: 'done' }>, 'type' | 'time'>;

/** What a run records of a test-set evaluation (`labels` in the test set's order). */
export function testSetResults(evaluation: Evaluation, labels: ArrayLike<number>): TestSetResults {
  const confusion = confusionMatrix(labels, evaluation.predictions);
  return {
    testLoss: evaluation.loss,
    testAccuracy: evaluation.accuracy,
    confusion,
    perClass: perClassMetrics(confusion),
    predictions: Array.from(evaluation.predictions),
  };
}

/** Evaluates a model on the test set with this thread alone; null when cancelled part-way. */
export async function evaluateTestSet(
  tf: Tf,
  model: LayersModel,
  test: ExampleRanges,
  labels: ArrayLike<number>,
  signal: { cancelled: boolean },
): Promise<TestSetResults | null> {
  const evaluation = await evaluateModel(tf, model, test, signal);
  return evaluation && testSetResults(evaluation, labels);
}
