import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { estimateText, progressText, seedGroups, sweepActions, trialStatusText } from '../../../renderer/src/lib/sweep-display';
import { makeRunSummary } from '../fake-api';

describe('sweep display', () => {
  it('words progress in a fixed order and pruned trials with their epoch', () => {
    expect(progressText({ pending: 3, completed: 2, running: 1 })).toBe('2 completed · 1 running · 3 pending');
    expect(progressText({})).toBe('no trials');
    expect(trialStatusText({ status: 'pruned', prunedAtEpoch: 2 })).toBe('pruned at epoch 2');
    expect(trialStatusText({ status: 'pending', prunedAtEpoch: null })).toBe('pending');
  });

  it('allows pause, resume and cancel as the services do', () => {
    expect(sweepActions('running')).toEqual({ pause: true, resume: false, cancel: true });
    expect(sweepActions('paused')).toEqual({ pause: false, resume: true, cancel: true });
    expect(sweepActions('completed')).toEqual({ pause: false, resume: false, cancel: false });
  });

  it('words the time estimate', () => {
    expect(estimateText(null)).toMatch(/no estimate yet/);
    expect(estimateText(42)).toBe('about 42 s');
    expect(estimateText(600)).toBe('about 10 min');
    expect(estimateText(7500)).toBe('about 2 h 5 min');
  });

  it('groups completed trials over seeds as mean ± std (n)', () => {
    const hp = (lr: number, seed: number) => ({ ...DEFAULT_HYPERPARAMETERS, learningRate: lr, seed });
    const runs = [
      makeRunSummary({ id: 1, hyperparameters: hp(0.001, 1), bestValAccuracy: 0.9 }),
      makeRunSummary({ id: 2, hyperparameters: hp(0.001, 2), bestValAccuracy: 0.92 }),
      makeRunSummary({ id: 3, hyperparameters: hp(0.01, 1), bestValAccuracy: 0.8 }),
      makeRunSummary({ id: 4, hyperparameters: hp(0.01, 2), bestValAccuracy: 0.99, status: 'cancelled' }),
    ];
    const trial = (index: number, lr: number, status: 'completed' | 'pruned') => ({ index, values: { learningRate: lr }, seed: index, runId: index + 1, status, value: null, prunedAtEpoch: null });
    const groups = seedGroups({ runs, trials: [trial(0, 0.001, 'completed'), trial(1, 0.001, 'completed'), trial(2, 0.01, 'completed'), trial(3, 0.01, 'pruned')] }, 'bestValAccuracy');
    expect(groups.map((g) => [g.values.learningRate, g.spread])).toEqual([
      [0.001, '91.00% ± 1.41 (n=2)'],
      [0.01, '80.00% (n=1)'],
    ]);
  });
});
