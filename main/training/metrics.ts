/** Test-set summaries computed from true and predicted labels. */
import type { ClassMetrics } from '../../common/training/run';
import { NUM_CLASSES } from '../../common/layers/types';

/** confusion[trueLabel][predictedLabel] = count. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, classes = NUM_CLASSES): number[][] {
  if (labels.length !== predictions.length) {
    throw new Error(`Cannot compare ${labels.length} labels with ${predictions.length} predictions.`);
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[labels[i]][predictions[i]] += 1;
  return matrix;
}

/** Precision and recall per class; a class never predicted (or never present) scores 0, not NaN. */
export function perClassMetrics(confusion: number[][]): ClassMetrics[] {
  return confusion.map((row, cls) => {
    const truePositives = row[cls];
    const support = row.reduce((sum, n) => sum + n, 0);
    const predicted = confusion.reduce((sum, other) => sum + other[cls], 0);
    return {
      precision: predicted > 0 ? truePositives / predicted : 0,
      recall: support > 0 ? truePositives / support : 0,
      support,
    };
  });
}
