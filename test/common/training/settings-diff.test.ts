import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { LayerSpec } from '../../../common/layers/types';
import { settingsDiff } from '../../../common/training/settings-diff';

const conv = (over: Partial<Extract<LayerSpec, { type: 'conv2d' }>> = {}): LayerSpec => ({
  type: 'conv2d',
  filters: 16,
  kernelSize: 3,
  strides: 1,
  padding: 'valid',
  activation: 'relu',
  ...over,
});
const dense: LayerSpec = { type: 'dense', units: 10, activation: 'softmax' };
const run = (layers: LayerSpec[], hp = {}, presetId: string | null = null) => ({
  presetId,
  layers,
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS, ...hp },
});

describe('settingsDiff', () => {
  it('is empty for identical runs and for a single run', () => {
    expect(settingsDiff([run([conv(), dense]), run([conv(), dense])])).toEqual([]);
    expect(settingsDiff([run([conv(), dense], { epochs: 9 })])).toEqual([]);
  });

  it('ignores key order inside layer specs', () => {
    const reordered = { activation: 'relu', padding: 'valid', strides: 1, kernelSize: 3, filters: 16, type: 'conv2d' } as LayerSpec;
    expect(settingsDiff([run([conv()]), run([reordered])])).toEqual([]);
  });

  it('spells out fields the short layer label hides', () => {
    const rows = settingsDiff([run([conv(), dense]), run([conv({ activation: 'tanh' }), dense])]);
    expect(rows).toEqual([
      { group: 'Architecture', setting: 'Layer 1', values: ['conv2d 16 3x3 · activation relu', 'conv2d 16 3x3 · activation tanh'] },
    ]);
  });

  it('shows missing layers as a dash and the depth difference', () => {
    const rows = settingsDiff([run([conv(), dense]), run([conv(), conv({ filters: 32 }), dense])]);
    expect(rows.map((r) => r.setting)).toEqual(['Layers', 'Layer 2', 'Layer 3']);
    expect(rows[2].values).toEqual(['—', 'dense 10 softmax']);
  });

  it('names hyperparameters plainly and formats their special values', () => {
    const rows = settingsDiff([
      run([dense], { trainLimit: null, augment: 'off', earlyStoppingPatience: 0 }, 'tiny'),
      run([dense], { trainLimit: 5000, augment: 'handwriting', earlyStoppingPatience: 2 }, null),
    ]);
    expect(rows).toEqual([
      { group: 'Architecture', setting: 'Preset', values: ['tiny', 'custom'] },
      { group: 'Training', setting: 'Early stopping patience', values: ['off', '2'] },
      { group: 'Training', setting: 'Augmentation', values: ['off', 'handwriting'] },
      { group: 'Training', setting: 'Training examples', values: ['all', '5000'] },
    ]);
  });
});
