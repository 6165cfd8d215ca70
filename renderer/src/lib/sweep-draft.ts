/**
 * The sweep form's draft, and the SweepSpec it stands for. The form holds text and possibly empty
 * numbers; this reads them (lists as the command line reads `--vary`), reports what is empty or
 * unreadable at the part it concerns, and leaves every other check to planSweep on the main side.
 */
import { LAYER_LABELS } from '../../../common/layers/describe';
import type { ComputeTarget } from '../../../common/compute/compute-target';
import type { LayerSpec, ValidationIssue } from '../../../common/layers/types';
import { canonicalKey, resolveKey, SWEEPABLE_SETTINGS } from '../../../common/sweeps/plan';
import type { SweepMetric, SweepParameter, SweepSpec, SweepStrategy, SweepValue } from '../../../common/sweeps/types';
import { parseValueList } from '../../../common/sweeps/value-list';
import { HYPERPARAMETER_LABELS, type Hyperparameters } from '../../../common/training/hyperparameters';
import { LAYER_FIELDS } from './layer-fields';

export interface ParameterDraft {
  /** Stays with the parameter while others are added and removed. */
  id: number;
  key: string;
  mode: 'list' | 'range';
  /** The list, comma-separated. */
  valuesText: string;
  min: number | null;
  max: number | null;
  scale: 'linear' | 'log';
  integer: boolean;
  /** Grid points across the range; random search samples the range instead. */
  steps: number | null;
}

export interface SweepDraft {
  name: string;
  parameters: ParameterDraft[];
  seeds: number | null;
  strategy: SweepStrategy['kind'];
  /** The budget of a random search (optional for halving: empty means the whole grid). */
  trials: number | null;
  minEpochs: number | null;
  reduction: number | null;
  metric: SweepMetric;
  /** Trials training side by side, each on one worker (1 when left out). */
  trialsAtOnce?: number;
  /** Where the trials train: this machine (when left out) or the Slurm cluster of the Compute setting. */
  where?: 'local' | 'slurm';
}

/** What the sweep starts from: the designer's network and settings. */
export interface SweepBase {
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
  /** The Compute setting: its Slurm settings are the sweep's when the draft says `slurm`. */
  compute?: ComputeTarget;
}

export interface KeyOption {
  key: string;
  label: string;
  group: 'Settings' | 'Layers';
}

/** Every setting a sweep can vary, then each numeric field of each layer of the stack as `layerN.field`. */
export function sweepKeyOptions(layers: readonly LayerSpec[]): KeyOption[] {
  const settings = SWEEPABLE_SETTINGS.map((field): KeyOption => ({ key: field, label: HYPERPARAMETER_LABELS[field], group: 'Settings' }));
  const fields = layers.flatMap((layer, i) =>
    (LAYER_FIELDS[layer.type] ?? [])
      .filter((field) => field.kind !== 'choice')
      .map((field): KeyOption => ({ key: `layer${i + 1}.${field.key}`, label: `Layer ${i + 1} (${LAYER_LABELS[layer.type]}): ${field.label}`, group: 'Layers' })),
  );
  return [...settings, ...fields];
}

/** The base's current value of a key, or undefined when the key names nothing. */
export function baseValue(key: string, base: Pick<SweepBase, 'layers' | 'hyperparameters'>): unknown {
  const resolved = resolveKey(key, base.layers);
  if (typeof resolved === 'string') return undefined;
  if (resolved.kind === 'setting') return base.hyperparameters[resolved.field];
  return (base.layers[resolved.index] as unknown as Record<string, unknown>)[resolved.field];
}

/** A new parameter for a key: a list starting from the base's value, whole numbers when the value is one. */
export function newParameter(id: number, key: string, base: Pick<SweepBase, 'layers' | 'hyperparameters'>): ParameterDraft {
  const value = baseValue(key, base);
  const numeric = typeof value === 'number' ? value : null;
  return {
    id,
    key,
    mode: 'list',
    valuesText: value === undefined || value === null ? '' : String(value),
    min: numeric,
    max: numeric,
    scale: 'linear',
    integer: numeric !== null && Number.isInteger(numeric) && numeric >= 1,
    steps: 3,
  };
}

const empty = (v: number | null | undefined): boolean => v === null || v === undefined || Number.isNaN(v);
const issue = (field: string, message: string): ValidationIssue => ({ layerIndex: null, field, message });

/** What reading a draft found: its problems, and whether a number was left empty. */
interface Findings {
  issues: ValidationIssue[];
  missingNumber: boolean;
}

/** A number of the draft, or NaN with the message when it is empty. */
function numberOf(value: number | null, field: string, message: string, found: Findings): number {
  if (!empty(value)) return value!;
  found.issues.push(issue(field, message));
  found.missingNumber = true;
  return NaN;
}

function parameter(p: ParameterDraft, found: Findings): SweepParameter {
  const label = p.key || 'This parameter';
  if (p.mode === 'list') {
    const values: SweepValue[] | null = p.valuesText.trim() === '' ? [] : parseValueList(p.valuesText);
    if (values) return { key: p.key, values };
    found.issues.push(issue(p.key, `${label}: a list needs values between its commas.`));
    // Planned with the values that are there, so the sweep's other problems show meanwhile.
    const present = p.valuesText.split(',').filter((v) => v.trim() !== '');
    return { key: p.key, values: present.length > 0 ? (parseValueList(present.join(',')) ?? []) : [] };
  }
  if (empty(p.min) || empty(p.max)) {
    found.issues.push(issue(p.key, `${label}: enter both ends of the range.`));
    found.missingNumber = true;
  }
  const steps = numberOf(p.steps, p.key, `${label}: enter how many grid points to try.`, found);
  return { key: p.key, min: p.min ?? NaN, max: p.max ?? NaN, scale: p.scale, integer: p.integer, steps };
}

function strategy(draft: SweepDraft, found: Findings): SweepStrategy {
  if (draft.strategy === 'grid') return { kind: 'grid' };
  if (draft.strategy === 'random') return { kind: 'random', trials: numberOf(draft.trials, 'trials', 'A random search needs a number of trials.', found) };
  return {
    kind: 'halving',
    ...(empty(draft.trials) ? {} : { trials: draft.trials! }),
    minEpochs: numberOf(draft.minEpochs, 'minEpochs', 'Enter the epochs of the first rung.', found),
    reduction: numberOf(draft.reduction, 'reduction', 'Enter the reduction (3 keeps the best third at each rung).', found),
  };
}

export interface CheckedDraft {
  spec: SweepSpec;
  /** What in the draft is empty or unreadable; the sweep cannot start until there is none. */
  issues: ValidationIssue[];
  /** False while a number is empty: such a spec cannot be planned (or sent) until it is filled in. */
  plannable: boolean;
}

/** The sweep the draft describes over the base, and what in the draft is empty or unreadable. */
export function draftToSpec(draft: SweepDraft, base: SweepBase): CheckedDraft {
  const found: Findings = { issues: [], missingNumber: false };
  const parameters = draft.parameters.map((p) => parameter(p, found));
  if (parameters.length === 0) found.issues.push(issue('parameters', 'Add at least one setting or layer field to vary.'));
  const seeds = numberOf(draft.seeds, 'seeds', 'Enter how many seeds to run each combination with.', found);
  const name = draft.name.trim();
  const spec: SweepSpec = {
    ...(name ? { name } : {}),
    presetId: base.presetId,
    layers: base.layers,
    hyperparameters: base.hyperparameters,
    parameters,
    seeds,
    strategy: strategy(draft, found),
    metric: draft.metric,
    ...((draft.trialsAtOnce ?? 1) > 1 ? { trialsAtOnce: draft.trialsAtOnce } : {}),
    ...(draft.where === 'slurm' && base.compute?.on === 'slurm' ? { compute: base.compute } : {}),
  };
  return { spec, issues: found.issues, plannable: !found.missingNumber && parameters.length > 0 };
}

/** The issues about one parameter: those naming its key (or the setting it stands for). */
export function issuesOfParameter(issues: readonly ValidationIssue[], key: string): ValidationIssue[] {
  return issues.filter((i) => i.field !== null && (i.field === key || i.field === canonicalKey(key)));
}
