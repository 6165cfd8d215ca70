import { describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../common/layers/parse';

const KNOWN_TYPES = 'conv2d, maxPooling2d, averagePooling2d, globalAveragePooling2d, batchNormalization, dropout, flatten, dense, activation';

describe('parseArchitecture', () => {
  const stack = [
    { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ];

  it('accepts a list of layers', () => {
    expect(parseArchitecture(stack)).toEqual({ layers: stack, issues: [] });
  });

  it('accepts an object with a layers list, as the app writes architecture files', () => {
    expect(parseArchitecture({ name: 'mine', layers: stack })).toEqual({ layers: stack, issues: [] });
  });

  it('accepts an empty list, leaving "no layers" to analyzeArchitecture', () => {
    expect(parseArchitecture([])).toEqual({ layers: [], issues: [] });
  });

  it('keeps only the known fields of each layer', () => {
    const parsed = parseArchitecture([{ type: 'dropout', rate: 0.5, note: 'x', __proto__: { evil: true } }]);
    expect(parsed.layers).toEqual([{ type: 'dropout', rate: 0.5 }]);
    expect(Object.keys(parsed.layers![0])).toEqual(['type', 'rate']);
  });

  it.each([
    [null, 'null'],
    [42, '42'],
    ['conv2d', "the text 'conv2d'"],
    [{ model: [] }, 'an object without "layers"'],
    [{ layers: 'flatten' }, `"layers" as the text 'flatten'`],
  ])('rejects %o as a container', (input, got) => {
    const parsed = parseArchitecture(input);
    expect(parsed.layers).toBeNull();
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0].layerIndex).toBeNull();
    expect(parsed.issues[0].message).toBe(
      `An architecture must be a list of layers or an object with a "layers" list, e.g. {"layers": [{"type": "flatten"}, {"type": "dense", "units": 10, "activation": "softmax"}]}, but got ${got}.`,
    );
  });

  it('rejects unknown layer types with the list of known ones', () => {
    expect(parseArchitecture([{ type: 'conv3d' }, { type: 'flatten' }])).toEqual({
      layers: null,
      issues: [{ layerIndex: 0, field: 'type', message: `Layer 1 has an unknown type 'conv3d': use one of ${KNOWN_TYPES}.` }],
    });
  });

  it('rejects layers without a type or that are not objects', () => {
    expect(parseArchitecture([{ units: 10 }, 'flatten', null]).issues).toEqual([
      { layerIndex: 0, field: 'type', message: 'Layer 1 has no "type": add one of the layer types, e.g. "type": "conv2d".' },
      { layerIndex: 1, field: null, message: `Layer 2 must be an object with a "type", e.g. {"type": "flatten"}, but it is the text 'flatten'.` },
      { layerIndex: 2, field: null, message: 'Layer 3 must be an object with a "type", e.g. {"type": "flatten"}, but it is null.' },
    ]);
  });

  it('reports every missing field with an example value', () => {
    expect(parseArchitecture([{ type: 'conv2d', filters: 16 }]).issues).toEqual([
      { layerIndex: 0, field: 'kernelSize', message: 'Layer 1 (conv2d): kernelSize is missing: add it as a number, e.g. "kernelSize": 3.' },
      { layerIndex: 0, field: 'strides', message: 'Layer 1 (conv2d): strides is missing: add it as a number, e.g. "strides": 1.' },
      { layerIndex: 0, field: 'padding', message: 'Layer 1 (conv2d): padding is missing: add it as text, e.g. "padding": "same".' },
      { layerIndex: 0, field: 'activation', message: 'Layer 1 (conv2d): activation is missing: add it as text, e.g. "activation": "relu".' },
    ]);
  });

  it('reports fields of the wrong type', () => {
    expect(parseArchitecture([{ type: 'dense', units: '10', activation: 7 }]).issues).toEqual([
      { layerIndex: 0, field: 'units', message: `Layer 1 (dense): units must be a number, but it is the text '10': write it like "units": 128.` },
      { layerIndex: 0, field: 'activation', message: 'Layer 1 (dense): activation must be text, but it is 7: write it like "activation": "relu".' },
    ]);
    expect(parseArchitecture([{ type: 'dropout', rate: Number.POSITIVE_INFINITY }]).issues[0].message).toBe(
      'Layer 1 (dropout): rate must be a number, but it is Infinity: write it like "rate": 0.25.',
    );
    expect(parseArchitecture([{ type: 'dropout', rate: [0.5] }]).issues[0].message).toContain('but it is a list');
  });

  it('leaves value ranges to analyzeArchitecture', () => {
    const parsed = parseArchitecture([{ type: 'dense', units: -5, activation: 'gelu' }]);
    expect(parsed).toEqual({ layers: [{ type: 'dense', units: -5, activation: 'gelu' }], issues: [] });
  });

  it('never throws, even on inputs with throwing getters', () => {
    const hostile = [
      Object.defineProperty({ type: 'dense' }, 'units', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      }),
    ];
    const parsed = parseArchitecture(hostile);
    expect(parsed.layers).toBeNull();
    expect(parsed.issues[0].message).toBe('The architecture could not be read (boom): pass plain JSON data.');
  });
});
