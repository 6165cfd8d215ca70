import { describe, expect, it } from 'vitest';
import { confusionMatrix, perClassMetrics } from '../../../main/training/metrics';

describe('confusion matrix and per-class metrics', () => {
  it('counts [true][predicted] and derives precision, recall and support', () => {
    const labels = [0, 0, 1, 1, 1, 2];
    const predicted = [0, 1, 1, 1, 0, 1];
    const confusion = confusionMatrix(labels, predicted, 3);
    expect(confusion).toEqual([
      [1, 1, 0],
      [1, 2, 0],
      [0, 1, 0],
    ]);
    expect(perClassMetrics(confusion)).toEqual([
      { precision: 1 / 2, recall: 1 / 2, support: 2 },
      { precision: 2 / 4, recall: 2 / 3, support: 3 },
      // Never predicted: precision 0 rather than NaN.
      { precision: 0, recall: 0, support: 1 },
    ]);
  });

  it('refuses labels and predictions of different lengths', () => {
    expect(() => confusionMatrix([1, 2], [1])).toThrow('Cannot compare 2 labels with 1 predictions.');
  });
});
