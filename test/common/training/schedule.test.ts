import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../../common/training/hyperparameters';
import { ONE_CYCLE_WARMUP_SHARE, learningRateAt } from '../../../common/training/schedule';

const settings = (overrides: Partial<Hyperparameters>): Hyperparameters => ({ ...DEFAULT_HYPERPARAMETERS, learningRate: 0.01, ...overrides });
const curve = (h: Hyperparameters, totalSteps: number, stepsPerEpoch: number): number[] =>
  Array.from({ length: totalSteps }, (_, step) => learningRateAt(h, step, totalSteps, stepsPerEpoch));

const isNonIncreasing = (values: number[]): boolean => values.every((value, index) => index === 0 || value <= values[index - 1] + 1e-15);
const isNonDecreasing = (values: number[]): boolean => values.every((value, index) => index === 0 || value >= values[index - 1] - 1e-15);

describe('learningRateAt', () => {
  it('keeps a constant rate', () => {
    expect(new Set(curve(settings({ schedule: 'constant' }), 50, 10))).toEqual(new Set([0.01]));
  });

  it('decays by stepFactor every stepEvery epochs', () => {
    const h = settings({ schedule: 'step', stepEvery: 2, stepFactor: 0.5 });
    const stepsPerEpoch = 10;
    const rates = curve(h, 60, stepsPerEpoch);
    // Epochs 0-1 at the full rate, 2-3 at half, 4-5 at a quarter; constant within each epoch.
    for (let step = 0; step < 60; step++) {
      const epoch = Math.floor(step / stepsPerEpoch);
      expect(rates[step]).toBeCloseTo(0.01 * 0.5 ** Math.floor(epoch / 2), 12);
    }
    expect(rates[19]).toBe(0.01);
    expect(rates[20]).toBe(0.005);
  });

  it('anneals with a cosine from the rate towards 0', () => {
    const rates = curve(settings({ schedule: 'cosine' }), 100, 10);
    expect(rates[0]).toBe(0.01);
    expect(rates[50]).toBeCloseTo(0.005, 12);
    expect(isNonIncreasing(rates)).toBe(true);
    expect(rates[99]).toBeGreaterThan(0);
    expect(rates[99]).toBeLessThan(0.01 * 0.001);
  });

  it('runs one cycle: warm-up from rate/25 to the peak, then anneal to about rate/1e4', () => {
    const total = 400;
    const rates = curve(settings({ schedule: 'oneCycle' }), total, 100);
    const peakStep = rates.indexOf(Math.max(...rates));
    expect(rates[0]).toBeCloseTo(0.01 / 25, 12);
    expect(Math.max(...rates)).toBeCloseTo(0.01, 12);
    expect(peakStep).toBe(Math.round(ONE_CYCLE_WARMUP_SHARE * total));
    expect(peakStep / total).toBeGreaterThanOrEqual(0.25);
    expect(peakStep / total).toBeLessThanOrEqual(0.3);
    expect(isNonDecreasing(rates.slice(0, peakStep + 1))).toBe(true);
    expect(isNonIncreasing(rates.slice(peakStep))).toBe(true);
    expect(rates[total - 1]).toBeCloseTo(0.01 / 1e4, 12);
    // Cosine shape: half-way through the warm-up the rate is half-way between start and peak.
    expect(rates[peakStep / 2]).toBeCloseTo((0.01 / 25 + 0.01) / 2, 12);
  });

  it('stays finite and positive for degenerate step counts', () => {
    for (const schedule of ['constant', 'step', 'cosine', 'oneCycle'] as const) {
      const h = settings({ schedule });
      for (const [step, total, perEpoch] of [
        [0, 0, 0],
        [0, 1, 1],
        [5, 2, 1],
        [-3, 10, 5],
      ]) {
        const rate = learningRateAt(h, step, total, perEpoch);
        expect(Number.isFinite(rate)).toBe(true);
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(0.01);
      }
    }
  });
});
