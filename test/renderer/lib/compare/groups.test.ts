import { describe, expect, it } from 'vitest';
import { buildGroupSeries, compareGroups, groupingChoices } from '../../../../renderer/src/lib/compare/groups';
import type { CurveSelection } from '../../../../renderer/src/lib/compare/series';
import { makeEpochMetrics, makeRunDetail, SMALL_LAYERS } from '../../fake-data';
import type { LayerSpec } from '../../../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS } from '../../../../common/training/hyperparameters';

const WIDE: LayerSpec[] = [{ ...(SMALL_LAYERS[0] as Extract<LayerSpec, { type: 'conv2d' }>), filters: 16 }, ...SMALL_LAYERS.slice(1)];

// Two learning rates, two seeds each; the last run is wider and stopped after 2 of 3 epochs.
const runs = [
  makeRunDetail({ id: 1, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.001, seed: 1 }, testAccuracy: 0.95 }),
  makeRunDetail({ id: 2, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.001, seed: 2 }, testAccuracy: 0.97 }),
  makeRunDetail({ id: 3, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.01, seed: 1 }, testAccuracy: 0.9 }),
  makeRunDetail({ id: 4, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.01, seed: 2 }, layers: WIDE, metrics: makeEpochMetrics(2), epochsDone: 2 }),
];

const selection: CurveSelection = { metric: 'loss', splits: ['train'], xAxis: 'epoch', smoothing: { kind: 'none' } };

describe('Compare grouping', () => {
  it('offers the settings that differ, seed aside, to average over', () => {
    expect(groupingChoices(runs)).toEqual([
      { key: 'layers', label: 'Architecture' },
      { key: 'learningRate', label: 'Learning rate' },
    ]);
    expect(groupingChoices(runs.slice(0, 2))).toEqual([]);
  });

  it('groups runs that differ only by seed and names groups by what sets them apart', () => {
    const groups = compareGroups(runs, []);
    expect(groups.map((g) => g.runs.map((r) => r.id))).toEqual([[1, 2], [3], [4]]);
    expect(groups.map((g) => g.label)).toEqual([
      'Layer 1 conv2d 8 3x3, Learning rate 0.001 (n=2)',
      'Layer 1 conv2d 8 3x3, Learning rate 0.01 (n=1)',
      'Layer 1 conv2d 16 3x3, Learning rate 0.01 (n=1)',
    ]);
    const [first] = groups;
    expect(first.stats.testAccuracy?.mean).toBeCloseTo((0.95 + 0.97) / 2, 12);
  });

  it('averages over the settings the user leaves out, and leaves them out of the names', () => {
    const groups = compareGroups(runs, ['layers']);
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['Learning rate 0.001 (n=2)', [1, 2]],
      ['Learning rate 0.01 (n=2)', [3, 4]],
    ]);
    expect(compareGroups(runs, ['layers', 'learningRate']).map((g) => g.label)).toEqual(['All runs (n=4)']);
  });

  it('draws each group as its mean curve with a band, one colour per group', () => {
    const groups = compareGroups(runs, ['layers']);
    const { series, uneven } = buildGroupSeries(groups, selection, 'minMax');
    expect(series.map((s) => s.label)).toEqual(['Learning rate 0.001 (n=2)', 'Learning rate 0.01 (n=2)']);
    expect(new Set(series.map((s) => s.color)).size).toBe(2);
    // Every run of the fixture has the same train loss per epoch: 1 / (epoch + 1).
    expect([...series[1].x]).toEqual([1, 2, 3]);
    expect([...series[1].y]).toEqual([1 / 2, 1 / 3, 1 / 4]);
    expect(series[1].band?.lower).toEqual(series[1].band?.upper);
    // Run 4 has no third epoch: its group's last point is one run's.
    expect(uneven).toEqual(['Learning rate 0.01 (n=2)']);
  });
});
