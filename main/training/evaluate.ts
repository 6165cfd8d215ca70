/**
 * Batched evaluation of a model on a device dataset: loss, accuracy and predicted labels; and the
 * one test-set evaluation that a run ends with and `mnist-lab evaluate` repeats, so both agree.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { TrainingEvent } from '../../common/training/run';
import type { DeviceDataset } from './device-dataset';
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

/** Returns null when cancelled part-way (checked between batches). */
export async function evaluateModel(
  tf: Tf,
  model: LayersModel,
  data: DeviceDataset,
  signal: { cancelled: boolean },
  batchSize = EVAL_BATCH_SIZE,
): Promise<Evaluation | null> {
  const predictions = new Uint8Array(data.count);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    if (signal.cancelled) return null;
    const size = Math.min(batchSize, data.count - start);
    const [stats, predicted] = tf.tidy(() => {
      const { xs, ys } = data.slice(start, size);
      const probabilities = model.predict(xs) as Tensor;
      const sums = tf.stack([tf.sum(crossEntropyPerExample(tf, probabilities, ys)), countCorrect(tf, probabilities, ys)]);
      return [sums, tf.argMax(probabilities, -1)];
    });
    const [statValues, predictedValues] = await Promise.all([stats.data(), predicted.data()]);
    stats.dispose();
    predicted.dispose();
    lossSum += statValues[0];
    correct += statValues[1];
    predictions.set(predictedValues, start);
    await yieldToEventLoop();
  }
  const count = Math.max(data.count, 1);
  return { loss: lossSum / count, accuracy: correct / count, predictions };
}

/** What a run records of its test set: the 'done' event's figures. */
export type TestSetResults = Omit<Extract<TrainingEvent, { type: 'done' }>, 'type' | 'time'>;

/** Evaluates a model on the test set (`labels` in its order); null when cancelled part-way. */
export async function evaluateTestSet(
  tf: Tf,
  model: LayersModel,
  test: DeviceDataset,
  labels: ArrayLike<number>,
  signal: { cancelled: boolean },
): Promise<TestSetResults | null> {
  const evaluation = await evaluateModel(tf, model, test, signal);
  if (evaluation === null) return null;
  const confusion = confusionMatrix(labels, evaluation.predictions);
  return {
    testLoss: evaluation.loss,
    testAccuracy: evaluation.accuracy,
    confusion,
    perClass: perClassMetrics(confusion),
    predictions: Array.from(evaluation.predictions),
  };
}
