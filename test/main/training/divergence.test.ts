import { describe, expect, it } from 'vitest';
import {
  DivergenceWatch,
  EXPLOSION_WINDOW,
  divergenceMessage,
  suggestedLearningRate,
} from '../../../main/training/divergence';

describe('DivergenceWatch', () => {
  it('flags a NaN or infinite loss at once', () => {
    const watch = new DivergenceWatch();
    expect(watch.check(2.3)).toBeNull();
    expect(watch.check(Number.NaN)).toEqual({ kind: 'non-finite', value: Number.NaN });
    expect(new DivergenceWatch().check(Number.POSITIVE_INFINITY)).toEqual({ kind: 'non-finite', value: Infinity });
  });

  it('flags a loss that stays far above random guessing, but not a short spike', () => {
    const spiky = new DivergenceWatch();
    const healthy = [2.3, 9, 12, 2.1, 1.8, 1.5, 1.2, 1.0, 0.9, 0.8, 0.7, 0.6];
    expect(healthy.map((l) => spiky.check(l))).toEqual(healthy.map(() => null));

    const collapsed = new DivergenceWatch();
    const results = Array.from({ length: EXPLOSION_WINDOW }, () => collapsed.check(14.5));
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toEqual({ kind: 'exploded', mean: 14.5 });
  });
});

describe('divergence advice', () => {
  it('suggests a rate ten times lower, never above the usual one for the optimizer', () => {
    expect(suggestedLearningRate('adam', 0.5)).toBe(0.001);
    expect(suggestedLearningRate('sgd', 50)).toBe(0.01);
    expect(suggestedLearningRate('adam', 0.001)).toBe(0.0001);
    expect(suggestedLearningRate('rmsprop', 0.0005)).toBe(0.00001);
  });

  it('names the value, the place and the likely cause', () => {
    expect(
      divergenceMessage({
        what: 'Loss',
        divergence: { kind: 'non-finite', value: Number.NaN },
        epoch: 2,
        step: 310,
        optimizer: 'adam',
        learningRate: 0.5,
      }),
    ).toBe('Loss became NaN at epoch 2, step 310: the learning rate 0.5 is probably too high; try 0.001 or lower.');
    expect(
      divergenceMessage({
        what: 'Loss',
        divergence: { kind: 'exploded', mean: 14.52 },
        epoch: 1,
        step: 10,
        optimizer: 'sgd',
        learningRate: 50,
      }),
    ).toBe(
      'Loss exploded at epoch 1, step 10: it averaged 14.5 over the last 10 steps, worse than random guessing (2.3): ' +
        'the learning rate 50 is probably too high; try 0.01 or lower.',
    );
  });

  it('points elsewhere when the learning rate is already modest', () => {
    const message = divergenceMessage({
      what: 'Validation loss',
      divergence: { kind: 'non-finite', value: Number.POSITIVE_INFINITY },
      epoch: 3,
      step: 90,
      optimizer: 'adam',
      learningRate: 0.001,
    });
    expect(message).toMatch(/^Validation loss became infinite at epoch 3, step 90, although the learning rate 0\.001 is not unusually high\. Try 0\.0001/);
  });
});
