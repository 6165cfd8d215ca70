// `mnist-lab runs` and `trash` list a run's real-world accuracy; a score from before the views is starred and explained once.
import { describe, expect, it } from 'vitest';
import { READING_VIEWS } from '../../../common/image/views';
import { RUN_HEADERS, runRow, starredScoresNote } from '../../../main/cli/commands/runs';
import { makeRunSummary } from '../../renderer/fake-data';

const realWorldCell = (row: string[]): string => row[RUN_HEADERS.indexOf('real-world')];

describe('the runs listing', () => {
  it('stars a real-world score read in one view a picture, and says what the star means once', () => {
    const old = makeRunSummary({ id: 1, realWorldAccuracy: 0.9, realWorldViews: 1 });
    const current = makeRunSummary({ id: 2, realWorldAccuracy: 0.95, realWorldViews: READING_VIEWS.length });
    const unscored = makeRunSummary({ id: 3 });
    expect(realWorldCell(runRow(old))).toBe('90.00%*');
    expect(realWorldCell(runRow(current))).toBe('95.00%');
    expect(realWorldCell(runRow(unscored))).toBe('—');
    expect(starredScoresNote([old, current])).toMatch(/^\* real-world score read in one view a picture/);
    expect(starredScoresNote([current, unscored])).toBe('');
  });
});
