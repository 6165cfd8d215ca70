/**
 * What a run search means, wherever a user types one: the Runs table, the Compare picker,
 * `mnist-lab runs --search` and the store's listing. The text is split into words; every word
 * must appear, in any order and any case, in what a run is found by.
 */
import { describeLayer } from '../layers/describe';
import type { LayerSpec } from '../layers/types';

/** "fast99: conv2d 16 3x3 → … → dense 10 softmax": what the run trained, in one line. */
export function architectureSummary(run: { presetId: string | null; layers: readonly LayerSpec[] }): string {
  const layers = run.layers.map((layer) => describeLayer(layer)).join(' → ');
  return run.presetId ? `${run.presetId}: ${layers}` : layers;
}

/** The words of a search text, case-folded; empty when there is nothing to search for. */
export function searchWords(text: string | undefined): string[] {
  return (text ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/** The fields of a run (a RunSummary, or a row of the store) that a search looks at. */
export interface SearchableRun {
  id: number;
  name: string;
  notes: string;
  presetId: string | null;
  status: string;
  backend: string | null;
  tags: readonly string[];
  layers: readonly LayerSpec[];
}

/** Everything a run is found by: name, notes, preset, status, backend, "#id", tags and its layers. */
export function runSearchText(run: SearchableRun, architecture: string = architectureSummary(run)): string {
  return [run.name, run.notes, run.presetId ?? '', run.status, run.backend ?? '', `#${run.id}`, ...run.tags, architecture].join('\n').toLowerCase();
}

/** True when every word appears in the run's search text ("std wasm" finds std runs on wasm). */
export function matchesWords(text: string, words: readonly string[]): boolean {
  return words.every((word) => text.includes(word));
}

export function matchesSearch(run: SearchableRun, search: string | undefined): boolean {
  const words = searchWords(search);
  return words.length === 0 || matchesWords(runSearchText(run), words);
}
