import { describe, expect, it } from 'vitest';
import { pairRatio, summarisePairs, type Pair } from '../../bench/pairs';

const pair = (seed: number, project: [number, number | null], torch: [number, number | null], load = 1): Pair => ({
  seed,
  project: { seconds: project[0], testAccuracy: project[1] },
  torch: { seconds: torch[0], testAccuracy: torch[1] },
  load,
});

describe('pairing the project with its PyTorch twin', () => {
  it('divides the project time by the twin time of the same seed', () => {
    expect(pairRatio(pair(1, [60, 0.99], [30, 0.99]))).toBe(2);
  });

  it('takes the median of the per-seed ratios, not the ratio of the median times', () => {
    // Ratios 1, 4, 1.5: median 1.5. Median times (40 / 20 = 2) would say otherwise.
    const pairs = [pair(1, [10, 0.991], [10, 0.99]), pair(2, [80, 0.992], [20, 0.993]), pair(3, [45, 0.99], [30, 0.99])];
    const summary = summarisePairs(pairs, 0.99);
    expect(summary?.medianRatio).toBe(1.5);
    expect(summary?.minRatio).toBe(1);
    expect(summary?.maxRatio).toBe(4);
    expect(summary?.projectSecondsMedian).toBe(45);
    expect(summary?.torchSecondsMedian).toBe(20);
    expect(summary?.pairs).toBe(3);
  });

  it('says whether every seed reached the target on each side', () => {
    const summary = summarisePairs([pair(1, [10, 0.991], [10, 0.989]), pair(2, [10, 0.99], [10, 0.995])], 0.99);
    expect(summary?.projectAllReached).toBe(true);
    expect(summary?.torchAllReached).toBe(false);
  });

  it('leaves failed runs out of the ratios but counts them as not reached', () => {
    const summary = summarisePairs([pair(1, [10, null], [5, 0.99]), pair(2, [30, 0.99], [10, 0.99], 3)], 0.99);
    expect(summary?.pairs).toBe(1);
    expect(summary?.medianRatio).toBe(3);
    expect(summary?.projectAllReached).toBe(false);
    expect(summary?.loadMedian).toBe(2);
    expect(summarisePairs([pair(1, [10, null], [5, 0.99])], 0.99)).toBeNull();
  });
});
