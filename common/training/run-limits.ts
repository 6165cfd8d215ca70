/**
 * What a user may write on a run (its name, notes and tags) and how much of it: the one home of
 * these limits and of the one way they are counted. The store applies these rules on every write
 * and the IPC schemas apply the very same functions before a call reaches a service, so a payload
 * is accepted or refused identically at both, with the same words.
 *
 * Lengths count characters as a user does: by code point, so an emoji is one character, not two
 * UTF-16 units. Tags are trimmed and de-duplicated (ignoring case) before they are counted.
 */

export const RUN_TEXT_LIMITS = {
  /** Characters in a run's name (and a sweep's). */
  name: 200,
  notes: 20_000,
  /** Tags on one run, counted after repeats are removed. */
  tags: 50,
  tagLength: 64,
  /** Characters in a search of the runs. */
  search: 500,
} as const;

/** A value that passed a rule, or the plain sentence that says why not. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const refused = <T>(problem: string): Checked<T> => ({ ok: false, problem });

/** Length as a user counts it: an emoji is one character, not two UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The first `max` characters of a text, never splitting an emoji in half. */
export function clipCharacters(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

function preview(text: string): string {
  const clipped = clipCharacters(text, 20);
  return clipped === text ? text : `${clipped}…`;
}

/** Text of at most `max` characters, refused with "<subject> N characters long; <plural> can be at most …". */
function textWithin(value: unknown, max: number, words: { notText: string; subject: string; plural: string }): Checked<string> {
  if (typeof value !== 'string') return refused(words.notText);
  const length = characterCount(value);
  if (length > max) return refused(`${words.subject} ${length} characters long; ${words.plural} can be at most ${max} characters.`);
  return ok(value);
}

const EMPTY_NAME = 'A run needs a name that is not empty.';

/** A run's name, kept as given (spaces and markup included). */
export function checkRunNameText(name: unknown): Checked<string> {
  if (typeof name === 'string' && name.trim() === '') return refused(EMPTY_NAME);
  return textWithin(name, RUN_TEXT_LIMITS.name, { notText: EMPTY_NAME, subject: 'The run name is', plural: 'names' });
}

export function checkNotesText(notes: unknown): Checked<string> {
  return textWithin(notes, RUN_TEXT_LIMITS.notes, { notText: 'Notes must be text.', subject: 'The notes are', plural: 'notes' });
}

const NOT_A_TAG = 'Every tag must be text.';

/** Trims each tag, drops empty ones and repeats (ignoring case, keeping the first spelling). */
export function checkTags(tags: unknown): Checked<string[]> {
  if (!Array.isArray(tags)) return refused('Tags must be a list of words.');
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of tags) {
    if (typeof raw !== 'string') return refused(NOT_A_TAG);
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    const checked = textWithin(tag, RUN_TEXT_LIMITS.tagLength, { notText: NOT_A_TAG, subject: `The tag "${preview(tag)}" is`, plural: 'tags' });
    if (!checked.ok) return checked;
    seen.add(key);
    kept.push(tag);
  }
  if (kept.length > RUN_TEXT_LIMITS.tags) return refused(`A run can have at most ${RUN_TEXT_LIMITS.tags} tags; ${kept.length} were given.`);
  return ok(kept);
}

export function checkSearchText(search: unknown): Checked<string> {
  return textWithin(search, RUN_TEXT_LIMITS.search, { notText: 'A search must be text.', subject: 'The search is', plural: 'searches' });
}
