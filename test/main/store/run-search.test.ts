import { describe, expect, it } from 'vitest';
import { escapeLike, searchPattern } from '../../../main/store/run-search';

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(escapeLike('plain text')).toBe('plain text');
  });
});

describe('searchPattern', () => {
  it('is null when there is nothing to search for', () => {
    expect(searchPattern(undefined)).toBeNull();
    expect(searchPattern('   ')).toBeNull();
  });

  it('matches anywhere, folded to lower case, wildcards escaped', () => {
    expect(searchPattern('  Big_CNN ')).toBe('%big\\_cnn%');
  });
});
