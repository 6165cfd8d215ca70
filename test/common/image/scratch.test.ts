/** Working arrays lent from one picture to the next: the right length, zeroed when asked, reused. */
import { describe, expect, it } from 'vitest';
import { Scratch } from '../../../common/image/scratch';

describe('Scratch', () => {
  it('hands out the length asked for, all 0 when zeroed even after a use wrote to it', () => {
    const scratch = new Scratch((n) => new Int32Array(n));
    scratch.zeroed(10).fill(7);
    const again = scratch.zeroed(6);
    expect(Array.from(again)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(scratch.unset(3)).toHaveLength(3);
  });

  it('reuses one array while it is large enough (what was left there is still there), and grows when it is not', () => {
    let made = 0;
    const scratch = new Scratch((n) => {
      made++;
      return new Float32Array(n);
    });
    const first = scratch.unset(100);
    first[5] = 0.5;
    const second = scratch.unset(50);
    expect(second[5]).toBe(0.5);
    expect(second.buffer).toBe(first.buffer);
    const larger = scratch.unset(101);
    expect(larger).toHaveLength(101);
    expect(larger.buffer).not.toBe(first.buffer);
    // Made at construction (empty), for 100, and for 101: grown by half again, to 150, so up to 150 needs no new array.
    expect(made).toBe(3);
    scratch.zeroed(150);
    expect(made).toBe(3);
  });
});
