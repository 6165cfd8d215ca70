/**
 * The distinct layers and hyperparameters texts of a listing, parsed once each. Runs trained with
 * the same settings then share one object: for 10,000 runs of a few presets that saves tens of
 * thousands of objects (and the garbage collection they cost) per listing. An object that several
 * runs share is frozen, so changing it throws instead of silently changing all of those runs; one
 * used by a single run stays the caller's own, as before (and freezing costs time per object).
 */

import { completeStoredHyperparameters, type Hyperparameters } from '../../common/training/hyperparameters';

/** A row of settings_texts as read raw. */
export type SettingsTextRow = [id: number, json: string];

/** Parses each row's text; `uses` says how many runs use each id (more than one: frozen). */
export function parseSettingsTexts(rows: readonly SettingsTextRow[], uses: ReadonlyMap<number, number>): Map<number, unknown> {
  const byId = new Map<number, unknown>();
  for (const [id, json] of rows) {
    const value: unknown = JSON.parse(json);
    // Layers texts are lists; a hyperparameters text is an object and may predate newer settings.
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) completeStoredHyperparameters(value as Hyperparameters);
    byId.set(id, (uses.get(id) ?? 0) > 1 ? deepFreeze(value) : value);
  }
  return byId;
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
