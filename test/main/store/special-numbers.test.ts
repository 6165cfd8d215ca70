import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeNumber,
  encodeNumber,
  parseKeepingSpecialNumbers,
  stringifyKeepingSpecialNumbers,
} from '../../../main/store/special-numbers';

describe('encodeNumber / decodeNumber', () => {
  it('spells out the three values SQLite and JSON cannot hold', () => {
    expect(encodeNumber(NaN)).toEqual({ value: null, special: 'nan' });
    expect(encodeNumber(Infinity)).toEqual({ value: null, special: 'inf' });
    expect(encodeNumber(-Infinity)).toEqual({ value: null, special: '-inf' });
    expect(encodeNumber(0.25)).toEqual({ value: 0.25, special: null });
  });

  it('round-trips every double', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        expect(Object.is(decodeNumber(encodeNumber(n)), n)).toBe(true);
      }),
    );
  });
});

describe('JSON keeping special numbers', () => {
  it('round-trips nested numbers including NaN and infinities', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noDefaultInfinity: false, noNaN: false }))), (matrix) => {
        const back = parseKeepingSpecialNumbers(stringifyKeepingSpecialNumbers(matrix)) as number[][];
        expect(back).toHaveLength(matrix.length);
        // -0 becomes 0 in JSON; everything else comes back exactly.
        back.forEach((row, i) => row.forEach((v, j) => expect(v === 0 ? matrix[i][j] === 0 : Object.is(v, matrix[i][j])).toBe(true)));
      }),
    );
  });

  it('writes readable JSON', () => {
    expect(stringifyKeepingSpecialNumbers([{ precision: NaN, recall: Infinity, support: 3 }])).toBe(
      '[{"precision":"NaN","recall":"Infinity","support":3}]',
    );
  });
});
