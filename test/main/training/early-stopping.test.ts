import { describe, expect, it } from 'vitest';
import { EarlyStopping } from '../../../main/training/early-stopping';

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without a lower validation loss', () => {
    const stopper = new EarlyStopping(2);
    expect([1.0, 0.8, 0.85, 0.7, 0.75, 0.71].map((loss) => stopper.update(loss))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('never stops with patience 0, or on a missing validation loss', () => {
    const off = new EarlyStopping(0);
    expect([1, 2, 3, 4].some((loss) => off.update(loss))).toBe(false);
    const noValidation = new EarlyStopping(1);
    expect([Number.NaN, Number.NaN, Number.NaN].some((loss) => noValidation.update(loss))).toBe(false);
  });
});
