import { describe, expect, it } from 'vitest';
import { LAYER_LABELS, describeLayer, layerName } from '../../../common/layers/describe';
import { LAYER_TYPES, type LayerSpec } from '../../../common/layers/types';

describe('describeLayer', () => {
  it.each<[LayerSpec, string]>([
    [{ type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }, 'conv2d 32 3x3'],
    [{ type: 'conv2d', filters: 16, kernelSize: 5, strides: 2, padding: 'valid', activation: 'relu' }, 'conv2d 16 5x5 stride 2'],
    [{ type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' }, 'maxPooling2d 2x2'],
    [{ type: 'averagePooling2d', poolSize: 3, strides: 1, padding: 'same' }, 'averagePooling2d 3x3 stride 1'],
    [{ type: 'globalAveragePooling2d' }, 'globalAveragePooling2d'],
    [{ type: 'batchNormalization' }, 'batchNormalization'],
    [{ type: 'dropout', rate: 0.5 }, 'dropout 0.5'],
    [{ type: 'flatten' }, 'flatten'],
    [{ type: 'dense', units: 10, activation: 'softmax' }, 'dense 10 softmax'],
    [{ type: 'activation', activation: 'leakyRelu' }, 'activation leakyRelu'],
  ])('labels %o as %s', (spec, label) => {
    expect(describeLayer(spec)).toBe(label);
  });

  it('prints an unknown type as it is instead of throwing', () => {
    expect(describeLayer({ type: 'conv3d' } as unknown as LayerSpec)).toBe('conv3d');
  });

  it('names a layer 1-based with its label', () => {
    expect(layerName({ type: 'dropout', rate: 0.25 }, 3)).toBe('Layer 4 (dropout 0.25)');
  });
});

describe('LAYER_LABELS', () => {
  it('has a distinct human name for every layer type', () => {
    const names = LAYER_TYPES.map((type) => LAYER_LABELS[type]);
    expect(names.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(LAYER_TYPES.length);
    expect(LAYER_LABELS.conv2d).toBe('Convolution 2D');
  });
});
