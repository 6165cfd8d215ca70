/** Which settings differ between runs: what "compare" shows instead of every setting of every run. */
import { describeLayer } from '../layers/describe';
import type { LayerSpec } from '../layers/types';
import type { Hyperparameters } from './hyperparameters';

export interface ComparableRun {
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
}

export interface SettingDifference {
  /** 'preset', 'layer 3' (1-based, as the designer shows) or a hyperparameter's name. */
  setting: string;
  /** One display value per run, in the order given; '—' where a run has no such setting. */
  values: string[];
}

const show = (v: unknown): string => (v === null || v === undefined ? '—' : String(v));

/** Settings whose values are not all equal, architecture first (layer by layer), then hyperparameters. */
export function differingSettings(runs: ComparableRun[]): SettingDifference[] {
  const rows: SettingDifference[] = [];
  const add = (setting: string, values: string[]): void => {
    if (new Set(values).size > 1) rows.push({ setting, values });
  };
  add('preset', runs.map((r) => show(r.presetId)));
  const depth = Math.max(0, ...runs.map((r) => r.layers.length));
  for (let i = 0; i < depth; i++) {
    add(`layer ${i + 1}`, runs.map((r) => (r.layers[i] ? describeLayer(r.layers[i]) : '—')));
  }
  const keys = new Set(runs.flatMap((r) => Object.keys(r.hyperparameters))) as Set<keyof Hyperparameters>;
  for (const key of keys) add(key, runs.map((r) => show(r.hyperparameters[key])));
  return rows;
}
