import { describe, expect, it } from 'vitest';
import { metricTitle, parameterLabel, parameterValueLabel } from '../../../common/sweeps/parameter-label';
import { HYPERPARAMETER_LABELS } from '../../../common/training/hyperparameters';

describe('sweep parameter labels', () => {
  it('names settings as the settings form does, aliases included', () => {
    expect(parameterLabel('learningRate')).toBe(HYPERPARAMETER_LABELS.learningRate);
    expect(parameterLabel('lr')).toBe(HYPERPARAMETER_LABELS.learningRate);
    expect(parameterLabel('batch-size')).toBe(HYPERPARAMETER_LABELS.batchSize);
  });

  it('names layer fields by the layer number the Design screen shows', () => {
    expect(parameterLabel('layer3.filters')).toBe('Layer 3 filters');
  });

  it('titles a metric with a capital', () => {
    expect(metricTitle('bestValAccuracy')).toBe('Best validation accuracy');
  });

  it('writes values short', () => {
    expect(parameterValueLabel(0.000123456)).toBe('0.000123');
    expect(parameterValueLabel(64)).toBe('64');
    expect(parameterValueLabel(true)).toBe('on');
    expect(parameterValueLabel('adam')).toBe('adam');
    expect(parameterValueLabel(undefined)).toBe('—');
  });
});
