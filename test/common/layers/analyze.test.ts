import { describe, expect, it } from 'vitest';
import { analyzeArchitecture } from '../../../common/layers/analyze';
import { findPreset } from '../../../common/layers/presets';
import type { LayerSpec } from '../../../common/layers/types';

describe('analyzeArchitecture', () => {
  it('gives the Keras simple convnet its published 34,826 parameters', () => {
    const report = analyzeArchitecture(findPreset('keras-simple')!.layers);
    expect(report.totalParams).toBe(34_826);
    expect(report.issues).toEqual([]);
  });

  it('reports shapes, params and MACs per layer and their totals', () => {
    const layers = findPreset('keras-simple')!.layers;
    const report = analyzeArchitecture(layers);
    expect(report.layers.map((layer) => layer.outputShape)).toEqual([[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [1600], [10]]);
    expect(report.layers.map((layer) => layer.params)).toEqual([(9 + 1) * 32, 0, (9 * 32 + 1) * 64, 0, 0, 0, (1600 + 1) * 10]);
    // conv: outH*outW*outC*(kH*kW*inC); dense: in*units; the rest 0.
    expect(report.layers.map((layer) => layer.macs)).toEqual([26 * 26 * 32 * 9, 0, 11 * 11 * 64 * (9 * 32), 0, 0, 0, 1600 * 10]);
    expect(report.layers.map((layer) => [layer.index, layer.type])).toEqual(layers.map((layer, index) => [index, layer.type]));
    expect(report.totalMacs).toBe(report.layers.reduce((total, layer) => total + layer.macs, 0));
  });

  it('keeps reporting the layers before a problem and null shapes after it', () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'flatten' },
      { type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ];
    const report = analyzeArchitecture(layers);
    expect(report.layers.map((layer) => layer.outputShape)).toEqual([[26, 26, 8], [5408], null, null]);
    expect(report.totalParams).toBe(80);
    expect(report.issues.map((found) => found.layerIndex)).toEqual([2]);
  });

  it('reports an empty stack with zero totals', () => {
    const report = analyzeArchitecture([]);
    expect(report).toMatchObject({ layers: [], totalParams: 0, totalMacs: 0 });
    expect(report.issues).toHaveLength(1);
  });

  it('does not throw on data that is not a layer list', () => {
    expect(() => analyzeArchitecture('conv2d' as unknown as LayerSpec[])).not.toThrow();
    const report = analyzeArchitecture([null, 7, { type: 'flatten' }] as unknown as LayerSpec[]);
    expect(report.layers.map((layer) => layer.outputShape)).toEqual([null, null, null]);
    expect(report.issues.length).toBeGreaterThanOrEqual(2);
  });
});
