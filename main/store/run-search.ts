/**
 * Text search over runs. SQLite's LIKE folds case for ASCII only, so both the columns and the
 * needle go through a JavaScript case fold first ("Ü" finds "ü"); wildcards typed by the user
 * are escaped so "50%" and "a_b" match literally.
 */
import type { Database } from './open';

export const LIKE_ESCAPE = '\\';
export const FOLD_FUNCTION = 'lab_fold_case';

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
}

/** The LIKE pattern for a search box's text, or null when there is nothing to search for. */
export function searchPattern(search: string | undefined): string | null {
  const needle = search?.trim() ?? '';
  if (needle === '') return null;
  return `%${escapeLike(foldCase(needle))}%`;
}

function foldCase(text: string): string {
  return text.toLowerCase();
}

export function registerSearchFunctions(db: Database): void {
  db.function(FOLD_FUNCTION, { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldCase(value) : value,
  );
}

/** The WHERE fragment matching @pattern against a run `r` (name, notes, preset and tags). */
export const SEARCH_CONDITION = `(
  ${FOLD_FUNCTION}(r.name) LIKE @pattern ESCAPE '\\'
  OR ${FOLD_FUNCTION}(r.notes) LIKE @pattern ESCAPE '\\'
  OR ${FOLD_FUNCTION}(r.preset_id) LIKE @pattern ESCAPE '\\'
  OR EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.id AND ${FOLD_FUNCTION}(t.tag) LIKE @pattern ESCAPE '\\')
)`;
