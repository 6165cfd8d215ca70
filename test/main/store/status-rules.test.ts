import { describe, expect, it } from 'vitest';
import { FINISHED_STATUSES, RUN_STATUSES } from '../../../common/training/run';
import { RunStateError } from '../../../main/store/errors';
import { assertDeletable, assertStatusChange, canChangeStatus } from '../../../main/store/status-rules';

describe('canChangeStatus', () => {
  it('never leaves a finished status', () => {
    for (const from of FINISHED_STATUSES) {
      for (const to of RUN_STATUSES) expect(canChangeStatus(from, to)).toBe(false);
    }
  });

  it('starts only from queued and completes or diverges only from running', () => {
    expect(RUN_STATUSES.filter((from) => canChangeStatus(from, 'running'))).toEqual(['queued']);
    expect(RUN_STATUSES.filter((from) => canChangeStatus(from, 'completed'))).toEqual(['running']);
    expect(RUN_STATUSES.filter((from) => canChangeStatus(from, 'diverged'))).toEqual(['running']);
    expect(RUN_STATUSES.filter((from) => canChangeStatus(from, 'interrupted'))).toEqual(['queued', 'running']);
  });
});

describe('assertStatusChange', () => {
  it('explains why a change is refused', () => {
    expect(() => assertStatusChange(3, 'completed', 'failed')).toThrow(
      'Run 3 has already finished (completed); it cannot become failed.',
    );
    expect(() => assertStatusChange(3, 'queued', 'completed')).toThrow(
      'Run 3 is queued; it cannot become completed without running first.',
    );
    expect(() => assertStatusChange(3, 'running', 'running')).toThrow(RunStateError);
    expect(() => assertStatusChange(3, 'running', 'completed')).not.toThrow();
  });
});

describe('assertDeletable', () => {
  it('allows deleting finished runs only', () => {
    for (const status of FINISHED_STATUSES) expect(() => assertDeletable(1, status)).not.toThrow();
    expect(() => assertDeletable(1, 'running')).toThrow('Run 1 is running; cancel it before deleting it.');
    expect(() => assertDeletable(1, 'queued')).toThrow(RunStateError);
  });
});
