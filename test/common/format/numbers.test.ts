import { describe, expect, it } from 'vitest';
import { compactCount, decimal, duration, percent, runDuration } from '../../../common/format/numbers';

describe('display formats', () => {
  it('formats percentages, counts, durations and decimals', () => {
    expect(percent(0.98765)).toBe('98.77%');
    expect(percent(null)).toBe('—');
    expect(compactCount(34826)).toBe('34.8k');
    expect(compactCount(1234567)).toBe('1.23M');
    expect(compactCount(999)).toBe('999');
    expect(duration(4200)).toBe('4.2 s');
    expect(duration(65_000)).toBe('1:05');
    expect(duration(3_723_000)).toBe('1:02:03');
    expect(decimal(Number.NaN)).toBe('NaN');
    expect(decimal(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(decimal(0.123456)).toBe('0.1235');
  });

  it('measures a running run up to now and a finished one to its end', () => {
    expect(runDuration({ startedAt: 1000, finishedAt: 4000 })).toBe(3000);
    expect(runDuration({ startedAt: 1000, finishedAt: null }, 1500)).toBe(500);
    expect(runDuration({ startedAt: null, finishedAt: null })).toBeNull();
  });
});
