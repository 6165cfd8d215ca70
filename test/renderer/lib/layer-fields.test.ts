import { describe, expect, it } from 'vitest';
import { defaultLayer } from '../../../common/layers/defaults';
import { LAYER_TYPES, type LayerSpec } from '../../../common/layers/types';
import { fillEmptyFields, LAYER_FIELDS } from '../../../renderer/src/lib/layer-fields';

describe('layer fields', () => {
  it('lists exactly the editable fields of every layer type', () => {
    for (const type of LAYER_TYPES) {
      const editable = Object.keys(defaultLayer(type)).filter((key) => key !== 'type').sort();
      expect(LAYER_FIELDS[type].map((field) => field.key).sort()).toEqual(editable);
    }
  });

  it('reports emptied numbers at their layer and field and analyses the stack with defaults', () => {
    const layers = [
      { type: 'conv2d', filters: null, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'flatten' },
    ] as unknown as LayerSpec[];
    const filled = fillEmptyFields(layers);
    expect(filled.issues).toEqual([
      { layerIndex: 0, field: 'filters', message: 'Layer 1 (Convolution 2D): Filters is empty. Enter a number.' },
    ]);
    expect(filled.layers[0]).toMatchObject({ filters: (defaultLayer('conv2d') as { filters: number }).filters });
    expect(filled.layers[1]).toBe(layers[1]);
  });
});
