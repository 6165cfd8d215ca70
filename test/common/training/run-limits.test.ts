import { describe, expect, it } from 'vitest';
import { characterCount, checkRunNameText, checkSearchText, checkTags, clipCharacters, RUN_TEXT_LIMITS } from '../../../common/training/run-limits';

const smile = '\u{1F600}';

describe('counting characters', () => {
  it('counts an emoji as one character, as a user does', () => {
    expect(smile).toHaveLength(2);
    expect(characterCount(smile.repeat(40))).toBe(40);
  });

  it('clips without splitting an emoji in half', () => {
    const clipped = clipCharacters(`a${smile.repeat(5)}`, 3);
    expect(clipped).toBe(`a${smile}${smile}`);
    expect(clipCharacters('short', 10)).toBe('short');
  });
});

describe('the rules', () => {
  it('allow a name of exactly the limit in emoji and refuse one more', () => {
    expect(checkRunNameText(smile.repeat(RUN_TEXT_LIMITS.name))).toEqual({ ok: true, value: smile.repeat(RUN_TEXT_LIMITS.name) });
    expect(checkRunNameText(smile.repeat(RUN_TEXT_LIMITS.name + 1))).toEqual({
      ok: false,
      problem: `The run name is ${RUN_TEXT_LIMITS.name + 1} characters long; names can be at most ${RUN_TEXT_LIMITS.name} characters.`,
    });
  });

  it('count tags after trimming and removing repeats, ignoring case', () => {
    const many = Array.from({ length: RUN_TEXT_LIMITS.tags }, (_, i) => `t${i}`);
    const checked = checkTags([...many, ...many.map((t) => ` ${t.toUpperCase()} `), '', '  ']);
    expect(checked).toEqual({ ok: true, value: many });
    expect(checkTags([...many, 'one more'])).toMatchObject({ ok: false, problem: expect.stringMatching(/at most 50 tags; 51 were given/) });
  });

  it('refuse a search longer than the limit', () => {
    expect(checkSearchText('x'.repeat(RUN_TEXT_LIMITS.search)).ok).toBe(true);
    expect(checkSearchText(smile.repeat(RUN_TEXT_LIMITS.search + 1))).toMatchObject({ ok: false, problem: expect.stringMatching(/at most 500 characters/) });
  });
});
