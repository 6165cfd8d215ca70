import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AUTO_WORKERS, MIN_EXAMPLES_PER_WORKER, resolveWorkerCount, splitBatch } from '../../../common/training/workers';

describe('resolveWorkerCount', () => {
  it('gives auto one worker per core on wasm and cpu while each gets at least 32 examples', () => {
    expect(resolveWorkerCount({ choice: 'auto', backend: 'wasm', batchSize: 128, cores: 2 })).toBe(2);
    expect(resolveWorkerCount({ choice: 'auto', backend: 'cpu', batchSize: 128, cores: 2 })).toBe(2);
    expect(resolveWorkerCount({ choice: 'auto', backend: 'wasm', batchSize: 64, cores: 8 })).toBe(64 / MIN_EXAMPLES_PER_WORKER);
    expect(resolveWorkerCount({ choice: 'auto', backend: 'wasm', batchSize: 32, cores: 8 })).toBe(1);
    expect(resolveWorkerCount({ choice: 'auto', backend: 'wasm', batchSize: 16, cores: 8 })).toBe(1);
    expect(resolveWorkerCount({ choice: 'auto', backend: 'wasm', batchSize: 128, cores: 1 })).toBe(1);
    expect(resolveWorkerCount({ choice: 'auto', backend: 'wasm', batchSize: 4096, cores: 64 })).toBe(MAX_AUTO_WORKERS);
  });

  it('keeps native TensorFlow at one worker: it already uses every core, or the GPU', () => {
    for (const choice of ['auto', '1', '2', '4'] as const) {
      expect(resolveWorkerCount({ choice, backend: 'tfjs-node-gpu', batchSize: 512, cores: 16 })).toBe(1);
      expect(resolveWorkerCount({ choice, backend: 'tfjs-node', batchSize: 512, cores: 16 })).toBe(1);
    }
  });

  it('honours an explicit count, even past the cores, but never more workers than examples', () => {
    expect(resolveWorkerCount({ choice: '4', backend: 'wasm', batchSize: 128, cores: 2 })).toBe(4);
    expect(resolveWorkerCount({ choice: '1', backend: 'wasm', batchSize: 128, cores: 16 })).toBe(1);
    expect(resolveWorkerCount({ choice: '3', backend: 'cpu', batchSize: 2, cores: 16 })).toBe(2);
  });
});

describe('splitBatch', () => {
  it('splits into contiguous shares that differ by at most one, larger first', () => {
    expect(splitBatch(128, 2)).toEqual([
      { offset: 0, size: 64 },
      { offset: 64, size: 64 },
    ]);
    expect(splitBatch(10, 3)).toEqual([
      { offset: 0, size: 4 },
      { offset: 4, size: 3 },
      { offset: 7, size: 3 },
    ]);
    expect(splitBatch(1, 2)).toEqual([
      { offset: 0, size: 1 },
      { offset: 1, size: 0 },
    ]);
  });

  it('always covers the batch exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 8 }), (size, workers) => {
        const shares = splitBatch(size, workers);
        expect(shares).toHaveLength(workers);
        expect(shares[0].size).toBeGreaterThan(0);
        let next = 0;
        for (const share of shares) {
          expect(share.offset).toBe(next);
          next += share.size;
        }
        expect(next).toBe(size);
        const sizes = shares.map((s) => s.size);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
