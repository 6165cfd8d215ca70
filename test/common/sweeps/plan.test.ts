// Planning sweeps: ranges, random draws, keys, and the pure helpers that group and rank trials.
import { describe, expect, it } from 'vitest';
import { formatSpread, groupRuns, spread } from '../../../common/sweeps/grouping';
import { prunedAtRung, rungEpochs } from '../../../common/sweeps/halving';
import { paretoFront } from '../../../common/sweeps/pareto';
import { parseSweepSpec } from '../../../common/sweeps/parse-spec';
import { applyTrial, planTrials, resolveKey } from '../../../common/sweeps/plan';
import type { SweepSpec } from '../../../common/sweeps/types';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { RunSummary } from '../../../common/training/run';
import { findPreset } from '../../../common/layers/presets';

const tiny = findPreset('tfjs-tiny')!;
const spec = (over: Partial<SweepSpec>): SweepSpec => ({
  layers: tiny.layers,
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 4 },
  parameters: [],
  seeds: 1,
  strategy: { kind: 'grid' },
  metric: 'bestValAccuracy',
  ...over,
});

describe('planTrials', () => {
  it('spaces a log range evenly in log space and an integer range on whole numbers', () => {
    const plan = planTrials(spec({ parameters: [{ key: 'lr', min: 0.0001, max: 0.01, scale: 'log', steps: 3 }, { key: 'batchSize', min: 30, max: 100, scale: 'linear', integer: true, steps: 2 }] }));
    expect(plan.issues).toEqual([]);
    expect(plan.trials.map((t) => t.values.learningRate)).toEqual([0.0001, 0.0001, 0.001, 0.001, 0.01, 0.01]);
    expect(plan.trials.map((t) => t.values.batchSize)).toEqual([30, 100, 30, 100, 30, 100]);
  });

  it('draws the same random trials for the same seed, inside the range, and others for another seed', () => {
    const random = (seed: number) => planTrials(spec({ hyperparameters: { ...DEFAULT_HYPERPARAMETERS, seed }, parameters: [{ key: 'lr', min: 0.001, max: 0.1, scale: 'log' }, { key: 'optimizer', values: ['adam', 'sgd'] }], strategy: { kind: 'random', trials: 20 } }));
    const a = random(1);
    expect(a.trials).toHaveLength(20);
    expect(random(1).trials).toEqual(a.trials);
    expect(random(2).trials).not.toEqual(a.trials);
    for (const t of a.trials) {
      expect(t.values.learningRate as number).toBeGreaterThanOrEqual(0.001);
      expect(t.values.learningRate as number).toBeLessThanOrEqual(0.1);
    }
    expect(new Set(a.trials.map((t) => t.values.optimizer))).toEqual(new Set(['adam', 'sgd']));
  });

  it('applies layer fields counted from 1 and settings, leaving the base untouched', () => {
    const base = spec({});
    const trial = applyTrial(base, { values: { 'layer1.filters': 4, learningRate: 0.5 }, seed: 7 });
    expect((trial.layers[0] as { filters: number }).filters).toBe(4);
    expect(trial.hyperparameters).toMatchObject({ learningRate: 0.5, seed: 7 });
    expect((base.layers[0] as { filters: number }).filters).toBe(8);
    expect(resolveKey('layer0.filters', base.layers)).toMatch(/there is no layer 0/);
    expect(resolveKey('layer1.type', base.layers)).toMatch(/has no field "type"/);
    expect(resolveKey('learningrate', base.layers)).toMatch(/neither a setting/);
    expect(resolveKey('lr', base.layers)).toEqual({ kind: 'setting', field: 'learningRate' });
  });

  it('refuses a huge sweep from its size alone, before expanding it', () => {
    const started = performance.now();
    const plan = planTrials(spec({ parameters: Array.from({ length: 8 }, (_, i) => ({ key: ['lr', 'batchSize', 'momentum', 'epochs', 'stepEvery', 'stepFactor', 'validationSplit', 'earlyStoppingPatience'][i], min: 1, max: 2, scale: 'linear' as const, steps: 10 })) }));
    expect(plan.trials).toEqual([]);
    expect(plan.issues[0].message).toMatch(/100000000 trials/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parseSweepSpec', () => {
  it('fills defaults and reports each malformed part', () => {
    expect(parseSweepSpec({ layers: [], parameters: [{ key: 'lr', values: [1] }] }).spec).toMatchObject({ seeds: 1, strategy: { kind: 'grid' }, metric: 'bestValAccuracy' });
    const bad = parseSweepSpec({ layers: 'x', parameters: [{ values: [1] }, { key: 'lr' }], strategy: { kind: 'bayes' }, metric: 'loss' });
    expect(bad.spec).toBeNull();
    expect(bad.issues.map((i) => i.message).join('\n')).toMatch(/"layers"[\s\S]*needs a "key"[\s\S]*"lr" needs either[\s\S]*"metric"[\s\S]*strategy "bayes"/);
  });
});

describe('halving, Pareto front and grouping', () => {
  it('puts rungs at minEpochs x reduction^k below the last epoch and keeps the top 1/reduction', () => {
    expect(rungEpochs(1, 3, 10)).toEqual([1, 3, 9]);
    expect(rungEpochs(2, 2, 4)).toEqual([2]);
    expect(prunedAtRung(0.5, [], 3)).toBe(false);
    expect(prunedAtRung(0.5, [0.9], 2)).toBe(true);
    expect(prunedAtRung(0.95, [0.9], 2)).toBe(false);
    expect(prunedAtRung(0.8, [0.9, 0.7, 0.6], 2)).toBe(false);
    expect(prunedAtRung(NaN, [0.1], 2)).toBe(true);
  });

  it('marks the points no other point beats on both cost and accuracy', () => {
    const points = [{ cost: 10, accuracy: 0.9 }, { cost: 5, accuracy: 0.95 }, { cost: 20, accuracy: 0.99 }, { cost: 20, accuracy: 0.97 }, { cost: 1, accuracy: 0.5 }];
    expect(paretoFront(points).sort()).toEqual([1, 2, 4]);
  });

  it('groups runs that differ only by seed and gives mean, sample std and n', () => {
    const run = (id: number, seed: number, lr: number, acc: number) => ({ id, layers: tiny.layers, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, seed, learningRate: lr }, bestValAccuracy: acc, finalValAccuracy: acc, testAccuracy: null }) as unknown as RunSummary;
    const groups = groupRuns([run(1, 1, 0.1, 0.9), run(2, 2, 0.1, 0.8), run(3, 1, 0.2, 0.7)]);
    expect(groups.map((g) => g.runs.map((r) => r.id))).toEqual([[1, 2], [3]]);
    expect(groups[0].stats.bestValAccuracy?.mean).toBeCloseTo(0.85, 12);
    expect(groups[0].stats.bestValAccuracy?.std).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(groups[0].stats.testAccuracy).toBeNull();
    expect(formatSpread(spread([0.9, 0.8]))).toBe('85.00% ± 7.07 (n=2)');
    expect(groupRuns([run(1, 1, 0.1, 0.9), run(3, 1, 0.2, 0.7)], ['learningRate'])).toHaveLength(1);
  });
});
