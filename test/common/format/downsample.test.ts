import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandPerBucket, gridFor, minMaxPerBucket, worthDownsampling, type BucketGrid } from '../../../common/format/downsample';

const bucketOf = (x: number, grid: BucketGrid): number => {
  const width = (grid.max - grid.min) / grid.buckets;
  return Math.min(grid.buckets - 1, Math.max(0, Math.floor((x - grid.min) / width)));
};

describe('minMaxPerBucket', () => {
  it('keeps the lowest and highest value of each bucket, in the order they came', () => {
    // Two buckets of x: [0, 2) and [2, 4].
    const grid: BucketGrid = { min: 0, max: 4, buckets: 2 };
    const out = minMaxPerBucket([0, 0.5, 1, 1.5, 2, 2.5, 3, 4], [5, 9, 1, 4, 3, 2, 8, 7], grid);
    // Bucket 0: max 9 (2nd) before min 1 (3rd); bucket 1: min 2 (6th) before max 8 (7th).
    expect([...out.y]).toEqual([9, 1, 2, 8]);
    expect([...out.x]).toEqual([0.5, 1.5, 2.5, 3.5]);
  });

  it('keeps a lone point of a bucket at the middle of the bucket', () => {
    const out = minMaxPerBucket([0, 10], [1, 2], { min: 0, max: 10, buckets: 5 });
    expect([...out.x]).toEqual([1, 9]);
    expect([...out.y]).toEqual([1, 2]);
  });

  it('keeps a one-batch spike', () => {
    const x = Array.from({ length: 10_000 }, (_, i) => i);
    const y = x.map((i) => (i === 6543 ? 50 : 1 + Math.sin(i / 100)));
    const out = minMaxPerBucket(x, y, { min: 0, max: 9999, buckets: 500 });
    expect(out.y.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...out.y)).toBe(50);
  });

  it('keeps a non-finite value where it came, so the line still breaks there', () => {
    const out = minMaxPerBucket([0, 1, 2, 3], [1, Number.NaN, 3, 0.5], { min: 0, max: 4, buckets: 1 });
    // Lowest 0.5 (4th), highest 3 (3rd), NaN (2nd): NaN, 3, 0.5.
    expect([...out.y]).toEqual([Number.NaN, 3, 0.5]);
    expect([...out.x]).toEqual([1, 2, 3]);
  });

  it('drops points whose x is not finite and copes with a single x value', () => {
    const out = minMaxPerBucket([Number.NaN, 5, 5, 5], [100, 1, 3, 2], { min: 5, max: 5, buckets: 10 });
    expect([...out.y]).toEqual([1, 3]);
    expect([...out.x]).toEqual([5, 5]);
  });

  it('draws the same vertical extent in every bucket, and curves cut on one grid share their x values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 60 }),
        (points, buckets) => {
          const sorted = [...points].sort((a, b) => a[0] - b[0]);
          const x = sorted.map((p) => p[0]);
          const y = sorted.map((p) => p[1]);
          const grid = gridFor([x], buckets);
          if (!grid || grid.max === grid.min) return;
          const out = minMaxPerBucket(x, y, grid);
          expect(out.x.length).toBeLessThanOrEqual(2 * grid.buckets);
          const extent = (xs: ArrayLike<number>, ys: ArrayLike<number>) => {
            const byBucket = new Map<number, [number, number]>();
            for (let i = 0; i < xs.length; i++) {
              const b = bucketOf(xs[i], grid);
              const [lo, hi] = byBucket.get(b) ?? [Infinity, -Infinity];
              byBucket.set(b, [Math.min(lo, ys[i]), Math.max(hi, ys[i])]);
            }
            return [...byBucket].sort((a, b) => a[0] - b[0]);
          };
          expect(extent(out.x, out.y)).toEqual(extent(x, y));
          // Every kept x is a quarter, half or three quarters across its bucket; x ascends.
          const width = (grid.max - grid.min) / grid.buckets;
          for (let i = 0; i < out.x.length; i++) {
            const across = (out.x[i] - grid.min) / width - bucketOf(out.x[i], grid);
            expect([0.25, 0.5, 0.75].some((at) => Math.abs(across - at) < 1e-6)).toBe(true);
            if (i > 0) expect(out.x[i]).toBeGreaterThanOrEqual(out.x[i - 1]);
          }
        },
      ),
    );
  });
});

describe('gridFor and worthDownsampling', () => {
  it('spans the finite x values of every curve', () => {
    expect(gridFor([[3, 4, 5], new Float64Array([1, 9]), [Number.NaN]], 100.7)).toEqual({ min: 1, max: 9, buckets: 100 });
    expect(gridFor([[], [Number.NaN]], 10)).toBeNull();
    expect(gridFor([[1]], 0)).toEqual({ min: 1, max: 1, buckets: 1 });
  });

  it('cuts a curve down only when it has more than two points a bucket', () => {
    const grid = { min: 0, max: 1, buckets: 1000 };
    expect(worthDownsampling(2000, grid)).toBe(false);
    expect(worthDownsampling(2001, grid)).toBe(true);
  });
});

describe('bandPerBucket', () => {
  it('keeps the lowest lower and highest upper edge per bucket, both at its middle', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const lower = x.map((v) => -v);
    const upper = x.map((v) => v * 2);
    const band = bandPerBucket(x, lower, upper, { min: 0, max: 100, buckets: 10 });
    expect([...band.x]).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85, 95]);
    // Bucket b holds 10b .. 10b + 9: its lowest lower edge and highest upper edge are both at 10b + 9.
    expect([...band.lower]).toEqual([-9, -19, -29, -39, -49, -59, -69, -79, -89, -99]);
    expect([...band.upper]).toEqual([18, 38, 58, 78, 98, 118, 138, 158, 178, 198]);
  });

  it('leaves out empty buckets and points whose edges are not finite', () => {
    const band = bandPerBucket([0, 1, 9], [0, NaN, 1], [1, 5, 2], { min: 0, max: 10, buckets: 5 });
    expect([...band.x]).toEqual([1, 9]);
    expect([...band.lower]).toEqual([0, 1]);
    expect([...band.upper]).toEqual([1, 2]);
  });
});
