/** The test images a run got wrong in one cell of its confusion matrix. */
import type { MisclassifiedRequest, TestSample } from '../../common/ipc/contract';
import { loadMnist } from '../data/mnist';
import { LabFailure, notFound } from '../ipc/errors';
import type { RunStore } from '../store/types';

const PIXELS = 28 * 28;

export async function misclassifiedSamples(store: RunStore, req: MisclassifiedRequest): Promise<TestSample[]> {
  if (!store.getRun(req.runId)) throw notFound(`There is no run ${req.runId}.`);
  const predictions = store.getPredictions(req.runId);
  if (!predictions) throw new LabFailure('conflict', `Run ${req.runId} has not been evaluated on the test set.`);
  const { test } = await loadMnist();
  const limit = req.limit ?? 100;
  const samples: TestSample[] = [];
  // Predictions follow the official test set's order, so index i is test example i.
  for (let i = 0; i < predictions.length && samples.length < limit; i++) {
    if (test.labels[i] !== req.trueLabel || predictions[i] !== req.predictedLabel) continue;
    samples.push({
      index: i,
      label: req.trueLabel,
      predicted: req.predictedLabel,
      pixels: Array.from(test.images.subarray(i * PIXELS, (i + 1) * PIXELS)),
    });
  }
  return samples;
}
