import { describe, expect, it } from 'vitest';
import { validateArchitecture, formatCount, MAX_TOTAL_PARAMS } from '../../../common/layers/validate';
import type { LayerSpec, Padding } from '../../../common/layers/types';
import { conv, dense, flatten } from './builders';

const maxPool = (poolSize = 2, strides = poolSize, padding: Padding = 'valid'): LayerSpec => ({ type: 'maxPooling2d', poolSize, strides, padding });
const output = dense(10, 'softmax');

/** Any stack as the untyped data a hand-edited file could hold. */
const loose = (...layers: unknown[]): LayerSpec[] => layers as LayerSpec[];

describe('validateArchitecture', () => {
  it('accepts a well-formed stack with no issues', () => {
    expect(validateArchitecture([conv(8, 3), maxPool(), flatten, output])).toEqual([]);
  });

  it('reports a kernel larger than its input, naming layer, size and fixes', () => {
    // 28 -> 24 -> 12 -> 6 -> 3, then a 5x5 'valid' kernel cannot fit.
    const layers = [conv(8, 5), maxPool(), maxPool(), maxPool(), conv(16, 5), flatten, output];
    expect(validateArchitecture(layers)).toEqual([
      {
        layerIndex: 4,
        field: 'kernelSize',
        message:
          "Layer 5 (conv2d 16 5x5) gets a 3x3 input, smaller than its kernel: use padding 'same', a smaller kernel or remove a pooling layer" +
          " (with padding 'valid' the image would shrink to 0x0 or below).",
      },
    ]);
  });

  it('reports a pool window larger than its input', () => {
    // 28 -> 7 (stride 4) -> 3 -> 1, then a 4x4 window.
    const layers = [conv(8, 3, 'valid', 4), maxPool(), maxPool(), maxPool(4), flatten, output];
    expect(validateArchitecture(layers)).toEqual([
      {
        layerIndex: 3,
        field: 'poolSize',
        message:
          "Layer 4 (maxPooling2d 4x4) gets a 1x1 input, smaller than its pool window: use padding 'same', a smaller pool size or remove a pooling layer" +
          " (with padding 'valid' the image would shrink to 0x0 or below).",
      },
    ]);
  });

  it("accepts the same oversized kernel with padding 'same', because the size then cannot shrink", () => {
    const layers = [conv(8, 3, 'valid', 4), maxPool(), maxPool(), conv(4, 5, 'same'), maxPool(4, 4, 'same'), flatten, output];
    expect(validateArchitecture(layers)).toEqual([]);
  });

  it('reports dense on an image and says to add a flatten layer', () => {
    const layers = [conv(8, 3), dense(32, 'relu'), flatten, output];
    expect(validateArchitecture(layers)).toEqual([
      {
        layerIndex: 1,
        field: null,
        message:
          'Layer 2 (dense 32 relu) gets a 3-D input (26x26x8), but a dense layer needs flat data: add a flatten layer (or globalAveragePooling2d) before it.',
      },
    ]);
  });

  it('accepts dense after globalAveragePooling2d instead of flatten', () => {
    expect(validateArchitecture([conv(8, 3), { type: 'globalAveragePooling2d' }, output])).toEqual([]);
  });

  it('reports conv2d after the data is already flat, pointing at the layer that flattened it', () => {
    const layers = [conv(8, 3), flatten, conv(4, 3), output];
    expect(validateArchitecture(layers)).toEqual([
      {
        layerIndex: 2,
        field: null,
        message: 'Layer 3 (conv2d 4 3x3) comes after the data is already flat (5,408 values), but it needs an image: move it above Layer 2 (flatten), or remove it.',
      },
    ]);
  });

  it('reports pooling after globalAveragePooling2d flattened the data', () => {
    const layers = [conv(8, 3), { type: 'globalAveragePooling2d' } as LayerSpec, maxPool(), output];
    expect(validateArchitecture(layers)).toEqual([
      {
        layerIndex: 2,
        field: null,
        message:
          'Layer 3 (maxPooling2d 2x2) comes after the data is already flat (8 values), but it needs an image: move it above Layer 2 (globalAveragePooling2d), or remove it.',
      },
    ]);
  });

  it('reports a second flatten', () => {
    expect(validateArchitecture([flatten, flatten, output])).toEqual([
      { layerIndex: 1, field: null, message: 'Layer 2 (flatten) gets data that is already flat (784 values): remove this flatten layer.' },
    ]);
  });

  describe('the output layer', () => {
    it('reports a last layer that is not dense', () => {
      expect(validateArchitecture([conv(4, 3), flatten])).toEqual([
        {
          layerIndex: 1,
          field: null,
          message:
            'Layer 2 (flatten) is the last layer, but the model must end with a dense layer of 10 units and softmax activation (one output per digit): add one at the end.',
        },
      ]);
    });

    it('reports a final dense layer with the wrong units and activation, one issue each', () => {
      expect(validateArchitecture([flatten, dense(128, 'relu')])).toEqual([
        {
          layerIndex: 1,
          field: 'units',
          message: 'Layer 2 (dense 128 relu) is the last layer, so it needs 10 units, one per digit: set units to 10, or add a dense 10 softmax layer after it.',
        },
        {
          layerIndex: 1,
          field: 'activation',
          message: 'Layer 2 (dense 128 relu) is the last layer, so its activation must be softmax to give class probabilities: set activation to softmax.',
        },
      ]);
    });

    it('accepts dense 10 linear followed by a softmax activation layer', () => {
      expect(validateArchitecture([flatten, dense(10, 'linear'), { type: 'activation', activation: 'softmax' }])).toEqual([]);
    });

    it('reports a final softmax activation after something other than dense 10 linear', () => {
      expect(validateArchitecture([flatten, dense(10, 'relu'), { type: 'activation', activation: 'softmax' }])).toEqual([
        {
          layerIndex: 2,
          field: null,
          message:
            'Layer 3 (activation softmax) ends the model, so the layer before it must be dense with 10 units and linear activation, but it is Layer 2 (dense 10 relu): put a dense 10 linear layer right before the softmax.',
        },
      ]);
    });

    it('reports a softmax activation that is the only layer', () => {
      expect(validateArchitecture([{ type: 'activation', activation: 'softmax' }])).toEqual([
        {
          layerIndex: 0,
          field: null,
          message:
            'Layer 1 (activation softmax) ends the model, so the layer before it must be dense with 10 units and linear activation, but there is none: put a dense 10 linear layer right before the softmax.',
        },
      ]);
    });

    it('reports a final activation layer that is not softmax', () => {
      expect(validateArchitecture([flatten, dense(10, 'linear'), { type: 'activation', activation: 'relu' }])).toEqual([
        {
          layerIndex: 2,
          field: 'activation',
          message: 'Layer 3 (activation relu) is the last layer, so it must be softmax to give class probabilities: set activation to softmax.',
        },
      ]);
    });
  });

  describe('field values', () => {
    it('reports every out-of-range, non-integer and unknown value of a conv layer', () => {
      const layers = loose({ type: 'conv2d', filters: 0, kernelSize: 2.5, strides: 9, padding: 'full', activation: 'gelu' }, flatten, output);
      const label = 'Layer 1 (conv2d 0 2.5x2.5 stride 9)';
      expect(validateArchitecture(layers)).toEqual([
        { layerIndex: 0, field: 'filters', message: `${label}: filters is 0, outside the allowed 1 to 1024: pick a value in that range.` },
        { layerIndex: 0, field: 'kernelSize', message: `${label}: kernelSize must be a whole number, but it is 2.5: use 2 or 3.` },
        { layerIndex: 0, field: 'strides', message: `${label}: strides is 9, outside the allowed 1 to 8: pick a value in that range.` },
        { layerIndex: 0, field: 'padding', message: `${label}: padding 'full' is not supported: use one of same, valid.` },
        {
          layerIndex: 0,
          field: 'activation',
          message: `${label}: activation 'gelu' is not supported: use one of linear, relu, elu, leakyRelu, tanh, sigmoid, softmax.`,
        },
      ]);
    });

    it.each([
      ['filters', conv(1025, 3), 'Layer 1 (conv2d 1025 3x3): filters is 1025, outside the allowed 1 to 1024: pick a value in that range.'],
      ['kernelSize', conv(8, 16, 'same'), 'Layer 1 (conv2d 8 16x16): kernelSize is 16, outside the allowed 1 to 15: pick a value in that range.'],
      ['kernelSize', conv(8, 0), 'Layer 1 (conv2d 8 0x0): kernelSize is 0, outside the allowed 1 to 15: pick a value in that range.'],
      ['strides', conv(8, 3, 'same', 0), 'Layer 1 (conv2d 8 3x3 stride 0): strides is 0, outside the allowed 1 to 8: pick a value in that range.'],
      ['poolSize', maxPool(9, 2, 'same'), 'Layer 1 (maxPooling2d 9x9 stride 2): poolSize is 9, outside the allowed 1 to 8: pick a value in that range.'],
      ['poolSize', maxPool(1.5, 1), 'Layer 1 (maxPooling2d 1.5x1.5 stride 1): poolSize must be a whole number, but it is 1.5: use 1 or 2.'],
      ['strides', maxPool(2, 9), 'Layer 1 (maxPooling2d 2x2 stride 9): strides is 9, outside the allowed 1 to 8: pick a value in that range.'],
      ['rate', { type: 'dropout', rate: 0.95 }, 'Layer 1 (dropout 0.95): rate is 0.95, outside the allowed 0 to 0.9: pick a value in that range.'],
      ['rate', { type: 'dropout', rate: -0.1 }, 'Layer 1 (dropout -0.1): rate is -0.1, outside the allowed 0 to 0.9: pick a value in that range.'],
      ['rate', { type: 'dropout', rate: 'high' }, "Layer 1 (dropout high): rate must be a number from 0 to 0.9, but it is 'high': set it to a number from 0 to 0.9."],
      ['padding', { type: 'averagePooling2d', poolSize: 2, strides: 2, padding: 'causal' }, "Layer 1 (averagePooling2d 2x2): padding 'causal' is not supported: use one of same, valid."],
      ['activation', { type: 'activation', activation: 'swish' }, "Layer 1 (activation swish): activation 'swish' is not supported: use one of linear, relu, elu, leakyRelu, tanh, sigmoid, softmax."],
    ])('reports a bad %s value', (field, layer, message) => {
      expect(validateArchitecture(loose(layer, flatten, output))).toEqual([{ layerIndex: 0, field, message }]);
    });

    it.each([
      [dense(8193, 'relu'), 'Layer 2 (dense 8193 relu): units is 8193, outside the allowed 1 to 8192: pick a value in that range.'],
      [dense(0, 'relu'), 'Layer 2 (dense 0 relu): units is 0, outside the allowed 1 to 8192: pick a value in that range.'],
      [dense(8192.5, 'relu'), 'Layer 2 (dense 8192.5 relu): units must be a whole number, but it is 8192.5: use 8192.'],
      [dense(Number.NaN, 'relu'), 'Layer 2 (dense NaN relu): units must be a whole number from 1 to 8192, but it is NaN: set it to a whole number from 1 to 8192.'],
    ])('reports bad dense units (%o)', (layer, message) => {
      expect(validateArchitecture([flatten, layer, output])).toEqual([{ layerIndex: 1, field: 'units', message }]);
    });

    it('accepts the boundary values of every range', () => {
      const layers = loose(
        { type: 'conv2d', filters: 1024, kernelSize: 15, strides: 8, padding: 'same', activation: 'leakyRelu' },
        { type: 'conv2d', filters: 1, kernelSize: 1, strides: 1, padding: 'valid', activation: 'linear' },
        maxPool(8, 8, 'same'),
        maxPool(1, 1),
        { type: 'dropout', rate: 0 },
        flatten,
        { type: 'dropout', rate: 0.9 },
        dense(8192, 'elu'),
        output,
      );
      expect(validateArchitecture(layers)).toEqual([]);
    });
  });

  it('reports an empty stack', () => {
    expect(validateArchitecture([])).toEqual([
      {
        layerIndex: null,
        field: null,
        message: 'The model has no layers: add at least a flatten layer and a dense layer with 10 units and softmax activation.',
      },
    ]);
  });

  it('reports more parameters than the limit, with the count', () => {
    // 28x28x64 flattened is 50,176 features; dense 1024 on it needs (50,176 + 1) * 1024 weights.
    const layers = [conv(64, 3, 'same'), flatten, dense(1024, 'relu'), output];
    const total = (9 + 1) * 64 + (28 * 28 * 64 + 1) * 1024 + (1024 + 1) * 10;
    expect(total).toBeGreaterThan(MAX_TOTAL_PARAMS);
    expect(validateArchitecture(layers)).toEqual([
      {
        layerIndex: null,
        field: null,
        message: `The model has ${formatCount(total)} parameters, more than the 50,000,000 allowed: use fewer filters or units, or add pooling (or strides) before the flatten layer.`,
      },
    ]);
  });

  it('reports layers that are not objects or have unknown types', () => {
    expect(validateArchitecture(loose({ type: 'conv3d' }, null, flatten, output))).toEqual([
      {
        layerIndex: 0,
        field: 'type',
        message:
          "Layer 1 has an unknown type 'conv3d': use one of conv2d, maxPooling2d, averagePooling2d, globalAveragePooling2d, batchNormalization, dropout, flatten, dense, activation.",
      },
      { layerIndex: 1, field: null, message: 'Layer 2 is not a layer (it is null): write it as an object with a type, e.g. {"type": "flatten"}.' },
    ]);
  });

  it('reports every problem at once rather than stopping at the first', () => {
    const layers = loose({ type: 'dropout', rate: 2 }, conv(8, 3), dense(64, 'relu'));
    expect(validateArchitecture(layers).map((found) => [found.layerIndex, found.field])).toEqual([
      [0, 'rate'],
      [2, null],
      [2, 'units'],
      [2, 'activation'],
    ]);
  });
});

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect([formatCount(0), formatCount(999), formatCount(1000), formatCount(34826), formatCount(50_000_000)]).toEqual([
      '0',
      '999',
      '1,000',
      '34,826',
      '50,000,000',
    ]);
  });
});
