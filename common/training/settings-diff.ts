/**
 * The settings table of the Compare screen shows only what differs between the runs: the
 * architecture layer by layer, then the training settings.
 */
import { describeLayer } from '../layers/describe';
import type { LayerSpec } from '../layers/types';
import { HYPERPARAMETER_LABELS, type Hyperparameters } from './hyperparameters';

export interface ComparedSettings {
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
}

export interface SettingRow {
  group: 'Architecture' | 'Training';
  setting: string;
  /** One display value per run, in the order given; '—' where a run has no such setting. */
  values: string[];
}

const MISSING = '—';

function formatHyperparameter(key: keyof Hyperparameters, value: unknown): string {
  if (value === undefined) return MISSING;
  if ((key === 'trainLimit' || key === 'testLimit') && value === null) return 'all';
  if (key === 'earlyStoppingPatience' && value === 0) return 'off';
  return value === null ? MISSING : String(value);
}

/** A key-order-independent fingerprint, so equal specs compare equal however they were built. */
export function fingerprint(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${k}:${fingerprint(v)}`).join(',')}}`;
}

const allEqual = (values: string[]): boolean => values.every((v) => v === values[0]);

/** Fields of the layers present at one position whose values are not all the same. */
function differingFields(specs: LayerSpec[]): string[] {
  const keys = new Set(specs.flatMap((s) => Object.keys(s)));
  keys.delete('type');
  return [...keys].filter((key) => !allEqual(specs.map((s) => fingerprint((s as unknown as Record<string, unknown>)[key]))));
}

/**
 * Display values for one layer position. describeLayer's short label leaves out some fields
 * (a convolution's activation and padding, for example); when the labels alone would hide a
 * difference, the differing fields are spelled out after them.
 */
function layerValues(layers: (LayerSpec | undefined)[]): string[] {
  const present = layers.filter((l): l is LayerSpec => l !== undefined);
  const labels = layers.map((l) => (l ? describeLayer(l) : MISSING));
  const distinctSpecs = new Set(layers.map((l) => (l ? fingerprint(l) : MISSING))).size;
  if (new Set(labels).size === distinctSpecs) return labels;
  const fields = differingFields(present);
  return layers.map((l, i) => {
    if (!l) return MISSING;
    const record = l as unknown as Record<string, unknown>;
    const extra = fields.filter((f) => f in record).map((f) => `${f} ${String(record[f])}`);
    return extra.length > 0 ? `${labels[i]} · ${extra.join(', ')}` : labels[i];
  });
}

export function settingsDiff(runs: readonly ComparedSettings[]): SettingRow[] {
  if (runs.length < 2) return [];
  const rows: SettingRow[] = [];
  const presets = runs.map((r) => r.presetId ?? 'custom');
  if (!allEqual(presets)) rows.push({ group: 'Architecture', setting: 'Preset', values: presets });
  const depths = runs.map((r) => String(r.layers.length));
  if (!allEqual(depths)) rows.push({ group: 'Architecture', setting: 'Layers', values: depths });
  const deepest = Math.max(...runs.map((r) => r.layers.length));
  for (let i = 0; i < deepest; i++) {
    const layers = runs.map((r) => r.layers[i]);
    if (allEqual(layers.map((l) => (l ? fingerprint(l) : MISSING)))) continue;
    rows.push({ group: 'Architecture', setting: `Layer ${i + 1}`, values: layerValues(layers) });
  }
  for (const key of Object.keys(HYPERPARAMETER_LABELS) as (keyof Hyperparameters)[]) {
    const values = runs.map((r) => formatHyperparameter(key, r.hyperparameters[key]));
    if (!allEqual(values)) rows.push({ group: 'Training', setting: HYPERPARAMETER_LABELS[key], values });
  }
  return rows;
}
