import { describe, expect, it } from 'vitest';
import { analyzeArchitecture } from '../../../common/layers/analyze';
import { parseArchitecture } from '../../../common/layers/parse';
import { DEFAULT_PRESET_ID, PRESETS, findPreset } from '../../../common/layers/presets';
import { parseHyperparameters } from '../../../common/training/validate-hyperparameters';

describe('PRESETS', () => {
  it('has unique ids and names and includes the default', () => {
    expect(new Set(PRESETS.map((preset) => preset.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((preset) => preset.name.toLowerCase())).size).toBe(PRESETS.length);
    expect(PRESETS.map((preset) => preset.id)).toEqual(
      expect.arrayContaining(['real99', 'fast99', 'tfjs-tiny', 'keras-simple', 'tfjs-mnist-node', 'lenet5', 'std']),
    );
    expect(findPreset(DEFAULT_PRESET_ID)?.id).toBe('real99');
    // The Design screen's preset list starts with the default.
    expect(PRESETS[0].id).toBe(DEFAULT_PRESET_ID);
  });

  it.each(PRESETS.map((preset) => [preset.id, preset] as const))('%s is a valid architecture with valid settings', (_id, preset) => {
    expect(preset.description.length).toBeGreaterThan(20);
    expect(parseArchitecture(JSON.parse(JSON.stringify(preset.layers)))).toEqual({ layers: preset.layers, issues: [] });
    expect(analyzeArchitecture(preset.layers).issues).toEqual([]);
    expect(parseHyperparameters(preset.hyperparameters).issues).toEqual([]);
  });

  it('sizes the well-known models as their sources do', () => {
    const params = (id: string): number => analyzeArchitecture(findPreset(id)!.layers).totalParams;
    // Hand counts: (kernel volume + 1) * filters per conv, (inputs + 1) * units per dense.
    expect(params('tfjs-tiny')).toBe((25 + 1) * 8 + (25 * 8 + 1) * 16 + (4 * 4 * 16 + 1) * 10);
    expect(params('keras-simple')).toBe(34_826);
    expect(params('tfjs-mnist-node')).toBe(
      (9 + 1) * 32 + (9 * 32 + 1) * 32 + (9 * 32 + 1) * 64 + (9 * 64 + 1) * 64 + (4 * 4 * 64 + 1) * 512 + (512 + 1) * 10,
    );
    expect(params('lenet5')).toBe((25 + 1) * 6 + (25 * 6 + 1) * 16 + (400 + 1) * 120 + (120 + 1) * 84 + (84 + 1) * 10);
    // Batch norm adds gamma, beta and the two moving statistics per channel.
    expect(params('fast99')).toBe((9 + 1) * 16 + (9 * 16 + 1) * 32 + (9 * 32 + 1) * 64 + 4 * 64 + (3 * 3 * 64 + 1) * 10);
    // Two unpadded convs per pool: 28 -> 26 -> 24 -> 12 -> 10 -> 8 -> 4, so 4 * 4 * 32 features.
    expect(params('real99')).toBe((9 + 1) * 16 + (9 * 16 + 1) * 16 + (9 * 16 + 1) * 32 + (9 * 32 + 1) * 32 + (4 * 4 * 32 + 1) * 256 + (256 + 1) * 10);
    expect(params('std')).toBe((9 + 1) * 32 + (9 * 32 + 1) * 64 + (1600 + 1) * 128 + (128 + 1) * 10);
    // 28 -> conv 5x5 -> 24 -> pool -> 12 -> conv 3x3 -> 10 -> pool -> 5: 5 * 5 * 32 features.
    expect(params('one-epoch')).toBe((25 + 1) * 24 + (9 * 24 + 1) * 32 + (5 * 5 * 32 + 1) * 256 + (256 + 1) * 10);
  });

  it("trains One epoch in one epoch of large batches with Adam's short memories", () => {
    const quick = findPreset('one-epoch')!;
    expect(quick.hyperparameters).toMatchObject({ epochs: 1, batchSize: 256, optimizer: 'adam', beta1: 0.7, beta2: 0.9, schedule: 'oneCycle' });
    expect(analyzeArchitecture(quick.layers).totalMacs).toBeLessThan(analyzeArchitecture(findPreset('fast99')!.layers).totalMacs);
  });

  it('keeps the default quick: two one-cycle epochs, at most 1.5x the work per image of Fast 99', () => {
    const real = analyzeArchitecture(findPreset(DEFAULT_PRESET_ID)!.layers);
    const fast = analyzeArchitecture(findPreset('fast99')!.layers);
    expect(real.totalMacs).toBeLessThan(1.5 * fast.totalMacs);
    expect(findPreset(DEFAULT_PRESET_ID)!.hyperparameters).toMatchObject({ schedule: 'oneCycle', epochs: 2, augment: 'off' });
  });

  it('keeps Fast 99 the smallest way to 99%: fewer MACs and parameters than the default and the benchmark model', () => {
    const fast = analyzeArchitecture(findPreset('fast99')!.layers);
    for (const other of [DEFAULT_PRESET_ID, 'std']) {
      const bigger = analyzeArchitecture(findPreset(other)!.layers);
      expect(fast.totalMacs).toBeLessThan(bigger.totalMacs);
      expect(fast.totalParams).toBeLessThan(bigger.totalParams / 5);
    }
    expect(findPreset('fast99')!.hyperparameters).toMatchObject({ schedule: 'oneCycle' });
    expect(findPreset('fast99')!.hyperparameters.epochs).toBeLessThanOrEqual(2);
  });
});

describe('findPreset', () => {
  it('finds by id or name, ignoring case and surrounding spaces', () => {
    expect(findPreset('fast99')?.id).toBe('fast99');
    expect(findPreset('Fast 99')?.id).toBe('fast99');
    expect(findPreset('  KERAS SIMPLE CONVNET ')?.id).toBe('keras-simple');
    expect(findPreset('lenet-5')?.id).toBe('lenet5');
    expect(findPreset('LeNet5')?.id).toBe('lenet5');
    expect(findPreset('tfjs mnist-node')?.id).toBe('tfjs-mnist-node');
    expect(findPreset('tfjs tiny')?.id).toBe('tfjs-tiny');
  });

  it('returns undefined for an unknown preset', () => {
    expect(findPreset('resnet50')).toBeUndefined();
    expect(findPreset('')).toBeUndefined();
  });
});
