import { describe, expect, it } from 'vitest';
import { progressFigures } from '../../../renderer/src/lib/live-progress';

describe('progressFigures', () => {
  it('counts finished batches over all epochs and extrapolates the time left', () => {
    const figures = progressFigures({ epochs: 4, epoch: 2, batch: 5, batchesPerEpoch: 10, elapsedMs: 3000 });
    expect(figures.fraction).toBeCloseTo(15 / 40);
    expect(figures.etaMs).toBeCloseTo((3000 / (15 / 40)) * (25 / 40));
  });

  it('has no estimate before any time passed, and none left at the end', () => {
    expect(progressFigures({ epochs: 1, epoch: 1, batch: 1, batchesPerEpoch: 10, elapsedMs: 0 }).etaMs).toBeNull();
    expect(progressFigures({ epochs: 1, epoch: 1, batch: 10, batchesPerEpoch: 10, elapsedMs: 500 })).toEqual({ fraction: 1, etaMs: 0 });
  });

  it('stays within 0..1 for inconsistent input', () => {
    expect(progressFigures({ epochs: 1, epoch: 3, batch: 1, batchesPerEpoch: 10, elapsedMs: 10 }).fraction).toBe(1);
    expect(progressFigures({ epochs: 0, epoch: 1, batch: 1, batchesPerEpoch: 10, elapsedMs: 10 })).toEqual({ fraction: 0, etaMs: null });
  });
});
