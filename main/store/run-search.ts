/**
 * The store's run search, with the one meaning of common/training/run-search.ts: SQLite calls
 * that module for each candidate row (a registered function), so `mnist-lab runs --search`, the
 * app's listing and the Runs table find the same runs. Each distinct layers text is described once.
 */
import { architectureSummary, matchesWords, runSearchText, searchWords } from '../../common/training/run-search';
import type { LayerSpec } from '../../common/layers/types';
import type { Database } from './open';

export const MATCH_FUNCTION = 'lab_run_matches';

/** The bound @words parameter: the search's words as JSON, or null when there is nothing to search for. */
export function searchParameter(search: string | undefined): string | null {
  const words = searchWords(search);
  return words.length === 0 ? null : JSON.stringify(words);
}

/** Layers texts described so far; runs of one preset share one text, so this stays small. */
const ARCHITECTURES_KEPT = 1000;

export function registerSearchFunctions(db: Database): void {
  const architectures = new Map<string, string>();
  const architecture = (presetId: string | null, layersJson: string): string => {
    const key = `${presetId ?? ''}\n${layersJson}`;
    let text = architectures.get(key);
    if (text === undefined) {
      let layers: LayerSpec[] = [];
      try {
        layers = JSON.parse(layersJson) as LayerSpec[];
      } catch {
        // A damaged layers text still lets the run be found by everything else.
      }
      text = architectureSummary({ presetId, layers: Array.isArray(layers) ? layers : [] });
      if (architectures.size >= ARCHITECTURES_KEPT) architectures.clear();
      architectures.set(key, text);
    }
    return text;
  };
  let lastWordsJson = '';
  let lastWords: string[] = [];
  db.function(MATCH_FUNCTION, { deterministic: true, varargs: true }, (...args: unknown[]) => {
    const [wordsJson, id, name, notes, presetId, status, backend, layersJson, tags] = args as [string, number, string, string, string | null, string, string | null, string, string | null];
    if (wordsJson !== lastWordsJson) {
      lastWordsJson = wordsJson;
      lastWords = JSON.parse(wordsJson) as string[];
    }
    const run = { id, name, notes, presetId, status, backend, tags: tags ? tags.split('\n') : [], layers: [] };
    return matchesWords(runSearchText(run, architecture(presetId, layersJson)), lastWords) ? 1 : 0;
  });
}

/** The WHERE fragment matching @words against a run `r`. */
export const SEARCH_CONDITION = `${MATCH_FUNCTION}(@words, r.id, r.name, r.notes, r.preset_id, r.status, r.backend, r.layers_json,
    (SELECT group_concat(t.tag, char(10)) FROM tags t WHERE t.run_id = r.id)) = 1`;
