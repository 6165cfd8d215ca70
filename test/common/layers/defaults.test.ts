import { describe, expect, it } from 'vitest';
import { defaultLayer } from '../../../common/layers/defaults';
import { LAYER_TYPES } from '../../../common/layers/types';
import { validateLayerFields } from '../../../common/layers/validate';

describe('defaultLayer', () => {
  it('gives the documented starting values', () => {
    expect(defaultLayer('conv2d')).toEqual({ type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' });
    expect(defaultLayer('maxPooling2d')).toEqual({ type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' });
    expect(defaultLayer('averagePooling2d')).toEqual({ type: 'averagePooling2d', poolSize: 2, strides: 2, padding: 'valid' });
    expect(defaultLayer('dropout')).toEqual({ type: 'dropout', rate: 0.25 });
    expect(defaultLayer('dense')).toEqual({ type: 'dense', units: 128, activation: 'relu' });
    expect(defaultLayer('activation')).toEqual({ type: 'activation', activation: 'relu' });
    expect(defaultLayer('flatten')).toEqual({ type: 'flatten' });
  });

  it.each(LAYER_TYPES)('gives a %s whose fields all pass validation', (type) => {
    const layer = defaultLayer(type);
    expect(layer.type).toBe(type);
    expect(validateLayerFields(layer, 0)).toEqual([]);
  });

  it('returns a fresh object each time, so editing one layer never changes another', () => {
    const first = defaultLayer('dense');
    const second = defaultLayer('dense');
    expect(first).not.toBe(second);
  });
});
