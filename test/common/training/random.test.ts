import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from '../../../common/training/random';

const draw = (rng: () => number, count: number): number[] => Array.from({ length: count }, () => rng());

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draw(createRng(42), 20)).toEqual(draw(createRng(42), 20));
    expect(draw(createRng(42), 20)).not.toEqual(draw(createRng(43), 20));
  });

  it('stays within [0, 1) and spreads roughly evenly', () => {
    const values = draw(createRng(7), 20_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const buckets = new Array<number>(10).fill(0);
    for (const value of values) buckets[Math.floor(value * 10)] += 1;
    // Each tenth should hold about 2,000; 15% either way is far outside chance for 20k draws.
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(300);
    const mean = values.reduce((total, value) => total + value, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
  });

  it('accepts seed 0 and negative seeds deterministically', () => {
    expect(draw(createRng(0), 5)).toEqual(draw(createRng(0), 5));
    expect(draw(createRng(-1), 5)).toEqual(draw(createRng(-1), 5));
    expect(draw(createRng(0), 5)).not.toEqual(draw(createRng(-1), 5));
  });
});

describe('shuffleInPlace', () => {
  it('permutes an array in place, reproducibly for a seed', () => {
    const first = Array.from({ length: 100 }, (_, index) => index);
    const second = [...first];
    shuffleInPlace(first, createRng(1));
    shuffleInPlace(second, createRng(1));
    expect(first).toEqual(second);
    expect(first).not.toEqual([...first].sort((a, b) => a - b));
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it('shuffles a Uint32Array the same way as an array for the same seed', () => {
    const typed = Uint32Array.from({ length: 50 }, (_, index) => index);
    const plain = Array.from({ length: 50 }, (_, index) => index);
    shuffleInPlace(typed, createRng(9));
    shuffleInPlace(plain, createRng(9));
    expect(Array.from(typed)).toEqual(plain);
  });

  it('puts each element in each position about equally often', () => {
    const rng = createRng(3);
    const counts = [0, 0, 0, 0];
    for (let round = 0; round < 8000; round++) {
      const items = ['a', 'b', 'c', 'd'];
      shuffleInPlace(items, rng);
      counts[items.indexOf('a')] += 1;
    }
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('leaves empty and single-element arrays alone', () => {
    const empty: number[] = [];
    const single = ['x'];
    shuffleInPlace(empty, createRng(1));
    shuffleInPlace(single, createRng(1));
    expect(empty).toEqual([]);
    expect(single).toEqual(['x']);
  });
});
