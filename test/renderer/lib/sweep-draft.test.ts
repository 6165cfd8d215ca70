import { describe, expect, it } from 'vitest';
import { planTrials } from '../../../common/sweeps/plan';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { baseValue, draftToSpec, issuesOfParameter, newParameter, sweepKeyOptions, type SweepBase, type SweepDraft } from '../../../renderer/src/lib/sweep-draft';
import { SMALL_LAYERS } from '../fake-api';

const base: SweepBase = { presetId: 'tiny', layers: SMALL_LAYERS, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2 } };

const draft = (over: Partial<SweepDraft> = {}): SweepDraft => ({
  name: '',
  parameters: [],
  seeds: 1,
  strategy: 'grid',
  trials: 10,
  minEpochs: 1,
  reduction: 3,
  metric: 'bestValAccuracy',
  ...over,
});

describe('sweepKeyOptions', () => {
  it('offers the settings a sweep can vary and each numeric field of each layer as layerN.field', () => {
    const keys = sweepKeyOptions(SMALL_LAYERS).map((o) => o.key);
    expect(keys).toContain('learningRate');
    expect(keys).toContain('optimizer');
    expect(keys).not.toContain('seed');
    expect(keys).not.toContain('backend');
    expect(keys.filter((k) => k.startsWith('layer'))).toEqual([
      'layer1.filters',
      'layer1.kernelSize',
      'layer1.strides',
      'layer2.poolSize',
      'layer2.strides',
      'layer4.units',
    ]);
    // Every key offered is one the planner accepts.
    for (const key of keys) expect(baseValue(key, base)).not.toBeUndefined();
  });
});

describe('newParameter', () => {
  it("starts from the base's value, whole numbers for counts", () => {
    expect(newParameter(1, 'learningRate', base)).toMatchObject({ key: 'learningRate', mode: 'list', valuesText: '0.001', integer: false });
    expect(newParameter(2, 'layer1.filters', base)).toMatchObject({ valuesText: '8', min: 8, max: 8, integer: true });
    expect(newParameter(3, 'optimizer', base)).toMatchObject({ valuesText: 'adam', min: null });
  });
});

describe('draftToSpec', () => {
  it('turns lists and ranges into the spec the planner takes, over the base', () => {
    const { spec, issues } = draftToSpec(
      draft({
        name: ' my sweep ',
        seeds: 2,
        parameters: [
          { ...newParameter(1, 'learningRate', base), valuesText: '0.001, 0.01' },
          { ...newParameter(2, 'layer1.filters', base), mode: 'range', min: 4, max: 16, steps: 3, integer: true },
        ],
      }),
      base,
    );
    expect(issues).toEqual([]);
    expect(spec).toMatchObject({ name: 'my sweep', presetId: 'tiny', layers: SMALL_LAYERS, seeds: 2, strategy: { kind: 'grid' } });
    expect('trialsAtOnce' in spec).toBe(false);
    expect(draftToSpec(draft({ trialsAtOnce: 2 }), base).spec.trialsAtOnce).toBe(2);
    expect(spec.parameters).toEqual([
      { key: 'learningRate', values: [0.001, 0.01] },
      { key: 'layer1.filters', min: 4, max: 16, scale: 'linear', integer: true, steps: 3 },
    ]);
    const plan = planTrials(spec);
    expect(plan.issues).toEqual([]);
    expect(plan.trials).toHaveLength(12);
  });

  it('reports what is empty or unreadable at the part it concerns', () => {
    const { issues } = draftToSpec(
      draft({
        seeds: null,
        strategy: 'random',
        trials: null,
        parameters: [
          { ...newParameter(1, 'learningRate', base), valuesText: '0.1,,0.2' },
          { ...newParameter(2, 'batchSize', base), mode: 'range', min: null },
        ],
      }),
      base,
    );
    expect(issuesOfParameter(issues, 'learningRate')[0].message).toMatch(/values between its commas/);
    expect(issuesOfParameter(issues, 'batchSize')[0].message).toMatch(/both ends of the range/);
    expect(issues.find((i) => i.field === 'seeds')?.message).toMatch(/seeds/);
    expect(issues.find((i) => i.field === 'trials')?.message).toMatch(/number of trials/);
    expect(draftToSpec(draft(), base).issues.map((i) => i.field)).toEqual(['parameters']);
  });

  it('plans a list with a missing value from the values there, but nothing while a number is empty', () => {
    const commas = draftToSpec(draft({ parameters: [{ ...newParameter(1, 'learningRate', base), valuesText: '0.1,,0.2' }] }), base);
    expect(commas.plannable).toBe(true);
    expect(commas.spec.parameters).toEqual([{ key: 'learningRate', values: [0.1, 0.2] }]);
    expect(commas.issues).toHaveLength(1);
    const parameters = [newParameter(1, 'learningRate', base)];
    expect(draftToSpec(draft({ parameters }), base).plannable).toBe(true);
    expect(draftToSpec(draft({ parameters, seeds: null }), base).plannable).toBe(false);
    expect(draftToSpec(draft({ parameters: [{ ...parameters[0], mode: 'range', max: null }] }), base).plannable).toBe(false);
    expect(draftToSpec(draft({ parameters, strategy: 'halving', reduction: null }), base).plannable).toBe(false);
  });

  it('builds halving with an optional budget', () => {
    const parameters = [newParameter(1, 'learningRate', base)];
    expect(draftToSpec(draft({ strategy: 'halving', trials: null, parameters }), base).spec.strategy).toEqual({ kind: 'halving', minEpochs: 1, reduction: 3 });
    expect(draftToSpec(draft({ strategy: 'halving', trials: 4, parameters }), base).spec.strategy).toEqual({ kind: 'halving', trials: 4, minEpochs: 1, reduction: 3 });
  });

  it("finds the planner's issues about an aliased key under that parameter", () => {
    const { spec } = draftToSpec(draft({ parameters: [{ ...newParameter(1, 'lr', base), valuesText: '0.1', min: 1, max: 0, mode: 'range' }] }), base);
    const plan = planTrials(spec);
    expect(issuesOfParameter(plan.issues, 'lr').map((i) => i.message)).toEqual([expect.stringMatching(/empty/)]);
  });
});
