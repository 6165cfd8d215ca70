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

/** A run's name, kept as given (spaces and markup included). */
export function checkRunNameText(name: unknown): Checked<string> {
  if (typeof name !== 'string' || name.trim() === '') return refused('A run needs a name that is not empty.');
  const length = characterCount(name);
  if (length > RUN_TEXT_LIMITS.name) {
    return refused(`The run name is ${length} characters long; names can be at most ${RUN_TEXT_LIMITS.name} characters.`);
  }
  return ok(name);
}

export function checkNotesText(notes: unknown): Checked<string> {
  if (typeof notes !== 'string') return refused('Notes must be text.');
  const length = characterCount(notes);
  if (length > RUN_TEXT_LIMITS.notes) {
    return refused(`The notes are ${length} characters long; notes can be at most ${RUN_TEXT_LIMITS.notes} characters.`);
  }
  return ok(notes);
}

/** Trims each tag, drops empty ones and repeats (ignoring case, keeping the first spelling). */
export function checkTags(tags: unknown): Checked<string[]> {
  if (!Array.isArray(tags)) return refused('Tags must be a list of words.');
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of tags) {
    if (typeof raw !== 'string') return refused('Every tag must be text.');
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    const length = characterCount(tag);
    if (length > RUN_TEXT_LIMITS.tagLength) {
      return refused(`The tag "${preview(tag)}" is ${length} characters long; tags can be at most ${RUN_TEXT_LIMITS.tagLength} characters.`);
    }
    seen.add(key);
    kept.push(tag);
  }
  if (kept.length > RUN_TEXT_LIMITS.tags) return refused(`A run can have at most ${RUN_TEXT_LIMITS.tags} tags; ${kept.length} were given.`);
  return ok(kept);
}

export function checkSearchText(search: unknown): Checked<string> {
  if (typeof search !== 'string') return refused('A search must be text.');
  const length = characterCount(search);
  if (length > RUN_TEXT_LIMITS.search) {
    return refused(`The search is ${length} characters long; searches can be at most ${RUN_TEXT_LIMITS.search} characters.`);
  }
  return ok(search);
}
