/**
 * A parameter's values as a person types them, "0.003, 0.01" or "adam,sgd": the command line's
 * `--vary KEY=V1,V2` and the app's sweep form read lists the same way.
 */
import type { SweepValue } from './types';

/** "true"/"false" are booleans, anything that reads as a finite number is a number, the rest is text. */
export function parseSweepValue(text: string): SweepValue {
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** The values of a comma-separated list, or null when a value is missing between commas. */
export function parseValueList(text: string): SweepValue[] | null {
  const values = text.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) return null;
  return values.map(parseSweepValue);
}
