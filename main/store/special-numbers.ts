/**
 * Keeping NaN and +-Infinity exact. SQLite turns a bound NaN into NULL and JSON has no way to
 * write any of the three, so both need an explicit spelling on the way in and back out.
 */

export type SpecialNumber = 'nan' | 'inf' | '-inf';

export interface StoredNumber {
  /** The value when finite; NULL when `special` holds it. */
  value: number | null;
  special: SpecialNumber | null;
}

export function encodeNumber(n: number): StoredNumber {
  if (Number.isNaN(n)) return { value: null, special: 'nan' };
  if (n === Infinity) return { value: null, special: 'inf' };
  if (n === -Infinity) return { value: null, special: '-inf' };
  return { value: n, special: null };
}

export function decodeNumber(stored: StoredNumber): number {
  switch (stored.special) {
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case null:
      // The CHECK constraint keeps value set here; NaN is the honest answer if it is not.
      return stored.value ?? NaN;
  }
}

/*
 * In JSON columns non-finite numbers are written as these strings. The columns that use this
 * (confusion matrix, per-class metrics) hold only numbers, so no real string can be mistaken.
 */
const JSON_SPELLINGS = new Map<string, number>([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

export function stringifyKeepingSpecialNumbers(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

export function parseKeepingSpecialNumbers(json: string): unknown {
  return JSON.parse(json, (_key, v: unknown) =>
    typeof v === 'string' && JSON_SPELLINGS.has(v) ? JSON_SPELLINGS.get(v) : v,
  );
}
