import { describe, expect, it } from 'vitest';
import { formatShape, inferLayer, slidingOutputLength, walkLayers } from '../../../common/layers/shapes';
import type { LayerSpec } from '../../../common/layers/types';

describe('slidingOutputLength', () => {
  it.each([
    // [input, window, stride, padding, expected]: 'same' is ceil(in / stride), 'valid' is ceil((in - window + 1) / stride).
    [28, 3, 1, 'valid', 26],
    [28, 3, 1, 'same', 28],
    [28, 5, 2, 'valid', 12],
    [28, 3, 2, 'same', 14],
    [7, 2, 2, 'same', 4],
    [7, 2, 2, 'valid', 3],
    [5, 5, 1, 'valid', 1],
    [3, 5, 1, 'valid', -1],
  ] as const)('in %i, window %i, stride %i, %s -> %i', (input, window, stride, padding, expected) => {
    expect(slidingOutputLength(input, window, stride, padding)).toBe(expected);
  });
});

describe('inferLayer', () => {
  it('counts conv parameters and MACs from the kernel volume', () => {
    const step = inferLayer({ type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' }, [28, 28, 2]);
    expect(step.output).toEqual([26, 26, 8]);
    expect(step.params).toBe((3 * 3 * 2 + 1) * 8);
    expect(step.macs).toBe(26 * 26 * 8 * (3 * 3 * 2));
    expect(step.problem).toBeNull();
  });

  it('counts four batch-norm parameters per channel and no MACs', () => {
    expect(inferLayer({ type: 'batchNormalization' }, [14, 14, 6])).toMatchObject({ output: [14, 14, 6], params: 24, macs: 0 });
    expect(inferLayer({ type: 'batchNormalization' }, [100])).toMatchObject({ output: [100], params: 400, macs: 0 });
  });

  it('applies dense to the last axis of an image, as TensorFlow.js does, and flags it', () => {
    const step = inferLayer({ type: 'dense', units: 4, activation: 'relu' }, [5, 5, 3]);
    expect(step.output).toEqual([5, 5, 4]);
    expect(step.params).toBe((3 + 1) * 4);
    expect(step.macs).toBe(5 * 5 * 3 * 4);
    expect(step.problem).toEqual({ kind: 'denseOnImage', input: [5, 5, 3] });
  });

  it('reduces an image to its channels with global average pooling', () => {
    expect(inferLayer({ type: 'globalAveragePooling2d' }, [7, 7, 32])).toMatchObject({ output: [32], params: 0, macs: 0 });
  });

  it('gives no shape for settings that make no sense', () => {
    const step = inferLayer({ type: 'maxPooling2d', poolSize: 2, strides: 0, padding: 'valid' }, [28, 28, 1]);
    expect(step.output).toBeNull();
    expect(step.problem).toEqual({ kind: 'unusableSettings' });
  });
});

describe('walkLayers', () => {
  it('starts from 28x28x1 and chains shapes', () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', filters: 4, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'averagePooling2d', poolSize: 2, strides: 2, padding: 'valid' },
      { type: 'flatten' },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ];
    const steps = walkLayers(layers);
    expect(steps.map((step) => step.input)).toEqual([[28, 28, 1], [24, 24, 4], [12, 12, 4], [576], [576]]);
    expect(steps.map((step) => step.output)).toEqual([[24, 24, 4], [12, 12, 4], [576], [576], [10]]);
  });

  it('gives null shapes after the first shape that cannot be built', () => {
    const layers: LayerSpec[] = [
      { type: 'flatten' },
      { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ];
    const steps = walkLayers(layers);
    expect(steps[1].problem).toEqual({ kind: 'alreadyFlat', input: [784], flattenedAt: 0 });
    expect(steps[2]).toEqual({ input: null, output: null, params: 0, macs: 0, problem: { kind: 'afterEarlierProblem' } });
  });
});

describe('formatShape', () => {
  it('joins dimensions with x', () => {
    expect(formatShape([13, 13, 32])).toBe('13x13x32');
    expect(formatShape([800])).toBe('800');
  });
});
