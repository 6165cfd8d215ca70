import { describe, expect, it } from 'vitest';
import { InvalidRunInputError } from '../../../main/store/errors';
import {
  checkMetricPoint,
  checkModel,
  checkNotes,
  checkRunName,
  checkTestResults,
  normalizeTags,
} from '../../../main/store/run-input';
import type { MetricPoint } from '../../../common/training/run';
import { RUN_TEXT_LIMITS } from '../../../common/training/run-limits';

describe('checkRunName', () => {
  it('keeps the name exactly, spaces and markup included', () => {
    expect(checkRunName('  <b>bold</b> run  ')).toBe('  <b>bold</b> run  ');
  });

  it('refuses missing, blank and over-long names', () => {
    expect(() => checkRunName(undefined)).toThrow(InvalidRunInputError);
    expect(() => checkRunName('\t\n')).toThrow('A run needs a name that is not empty.');
    expect(() => checkRunName('x'.repeat(201))).toThrow('The run name is 201 characters long; names can be at most 200 characters.');
  });
});

describe('checkNotes', () => {
  it('allows empty notes and refuses non-text', () => {
    expect(checkNotes('')).toBe('');
    expect(() => checkNotes(5)).toThrow('Notes must be text.');
  });
});

describe('normalizeTags', () => {
  it('counts the limit after removing repeats', () => {
    const repeated = Array.from({ length: RUN_TEXT_LIMITS.tags * 2 }, (_, i) => (i % 2 === 0 ? `t${i}` : `T${i - 1}`));
    expect(normalizeTags(repeated)).toHaveLength(RUN_TEXT_LIMITS.tags);
  });

  it('refuses things that are not lists of text', () => {
    expect(() => normalizeTags('a,b')).toThrow('Tags must be a list of words.');
    expect(() => normalizeTags(['ok', 3])).toThrow('Every tag must be text.');
  });

  it('shows a short preview of a tag that is too long', () => {
    expect(() => normalizeTags(['abcdefghijklmnopqrstuvwxyz'.repeat(3)])).toThrow(
      'The tag "abcdefghijklmnopqrst…" is 78 characters long; tags can be at most 64 characters.',
    );
  });
});

describe('checkMetricPoint', () => {
  const good: MetricPoint = { name: 'loss', split: 'val', kind: 'epoch', step: 0, epoch: 1, value: NaN, time: 1 };

  it('accepts non-finite values but not broken steps or times', () => {
    expect(() => checkMetricPoint(good, 0)).not.toThrow();
    expect(() => checkMetricPoint({ ...good, step: 1.5 }, 2)).toThrow('Metric point 3 (loss) needs a whole step and epoch of 0 or more.');
    expect(() => checkMetricPoint({ ...good, time: NaN }, 0)).toThrow(/no valid time/);
    expect(() => checkMetricPoint({ ...good, value: '1' as unknown as number }, 0)).toThrow(/not a number/);
  });
});

describe('checkModel', () => {
  it('needs a kind, a folder, a checksum, a size and an epoch', () => {
    const model = { kind: 'final' as const, path: 'models/1/final', sha256: 'ab', bytes: 0, epoch: 0 };
    expect(() => checkModel(model)).not.toThrow();
    expect(() => checkModel({ ...model, kind: 'latest' as 'final' })).toThrow(/either "final" or "best"/);
    expect(() => checkModel({ ...model, path: ' ' })).toThrow(/folder/);
    expect(() => checkModel({ ...model, bytes: -1 })).toThrow(/size in bytes/);
  });
});

describe('checkTestResults', () => {
  it('returns the predictions as one byte per label', () => {
    const labels = checkTestResults({ testLoss: 0.1, testAccuracy: 0.9, confusion: [], perClass: [], predictions: [0, 9, 4] });
    expect(labels).toBeInstanceOf(Uint8Array);
    expect(Array.from(labels)).toEqual([0, 9, 4]);
  });

  it('refuses labels that are not digits', () => {
    const base = { testLoss: 0.1, testAccuracy: 0.9, confusion: [], perClass: [] };
    expect(() => checkTestResults({ ...base, predictions: [1.5] })).toThrow('Prediction 1 is 1.5; predicted labels are whole numbers 0 to 9.');
    expect(() => checkTestResults({ ...base, predictions: [-1] })).toThrow(InvalidRunInputError);
  });
});
