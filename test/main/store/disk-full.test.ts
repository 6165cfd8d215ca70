import { describe, expect, it } from 'vitest';
import { diskFullMessage, isDiskFull } from '../../../main/store/disk-full';

describe('isDiskFull', () => {
  it('recognises a full disk from Node, from SQLite and through a wrapping error', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(isDiskFull(enospc)).toBe(true);
    expect(isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isDiskFull(new Error('Saving failed', { cause: enospc }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(isDiskFull(new Error('ENOENT: no such file'))).toBe(false);
    expect(isDiskFull('no space left on device')).toBe(true);
    expect(isDiskFull(null)).toBe(false);
  });

  it('says what happened and what to do', () => {
    expect(diskFullMessage('the model was not saved')).toBe(
      'The disk holding the data folder is full, so the model was not saved. Free some space and try again.',
    );
  });
});
