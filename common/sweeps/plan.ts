/**
 * From a sweep's specification to its trials: each parameter's values (a list, or a range spaced
 * for a grid or sampled for random search), their combinations, then the seeds. Every problem is
 * reported, one message each, and a sweep with any problem plans no trial.
 */
import { analyzeArchitecture } from '../layers/analyze';
import { parseArchitecture } from '../layers/parse';
import type { LayerSpec, ValidationIssue } from '../layers/types';
import { HYPERPARAMETER_LABELS, type Hyperparameters } from '../training/hyperparameters';
import { createRng } from '../training/random';
import { parseHyperparameters } from '../training/validate-hyperparameters';
import type { SweepParameter, SweepSpec, SweepValue, TrialPlan } from './types';
import { SWEEP_METRICS } from './types';

/** Above this many trials a sweep is refused: it would take weeks and a table nobody can read. */
export const MAX_SWEEP_TRIALS = 10_000;
export const MAX_SWEEP_SEEDS = 50;
/** As many trials at once as the Workers setting allows workers: more would only share the same cores thinner. */
export const MAX_TRIALS_AT_ONCE = 4;
/** Grid points a range gets when its `steps` is not given. */
export const DEFAULT_RANGE_STEPS = 3;

/** Command-line names of settings, accepted as parameter keys too. */
const ALIASES: Record<string, keyof Hyperparameters> = { lr: 'learningRate', 'batch-size': 'batchSize', patience: 'earlyStoppingPatience' };
/** Settings a sweep does not vary: the seed is what `seeds` varies; the others describe where it runs. */
const NOT_VARIED = new Set<keyof Hyperparameters>(['seed', 'backend', 'workers']);
/** The settings a sweep can vary, in the order the forms list them. */
export const SWEEPABLE_SETTINGS: readonly (keyof Hyperparameters)[] = (Object.keys(HYPERPARAMETER_LABELS) as (keyof Hyperparameters)[]).filter((f) => !NOT_VARIED.has(f));

export type ResolvedKey = { kind: 'setting'; field: keyof Hyperparameters } | { kind: 'layer'; index: number; field: string };

const issue = (message: string, field: string | null = null): ValidationIssue => ({ layerIndex: null, field, message });

/** What a key names, or why it names nothing. */
export function resolveKey(key: string, layers: readonly LayerSpec[]): ResolvedKey | string {
  const layer = /^layer(\d+)\.([A-Za-z]+)$/.exec(key);
  if (layer) {
    const index = Number(layer[1]) - 1;
    if (index < 0 || index >= layers.length) return `"${key}": there is no layer ${layer[1]} (the network has ${layers.length} layers, counted from 1).`;
    const spec = layers[index] as unknown as Record<string, unknown>;
    const field = layer[2];
    if (field === 'type' || !Object.hasOwn(spec, field)) {
      const fields = Object.keys(spec).filter((f) => f !== 'type');
      return `"${key}": layer ${layer[1]} (${String(spec.type)}) has no field "${field}"${fields.length ? `; it has ${fields.join(', ')}` : ''}.`;
    }
    return { kind: 'layer', index, field };
  }
  const field = (ALIASES[key] ?? key) as keyof Hyperparameters;
  if (!Object.hasOwn(HYPERPARAMETER_LABELS, field)) {
    return `"${key}" is neither a setting (${Object.keys(HYPERPARAMETER_LABELS).join(', ')}) nor a layer field such as layer3.filters.`;
  }
  if (NOT_VARIED.has(field)) return `"${key}" cannot be swept: ${field === 'seed' ? 'use the number of seeds instead' : 'it says where trials run, not what they learn'}.`;
  return { kind: 'setting', field };
}

/** The canonical key (aliases resolved), as trials record it. */
export function canonicalKey(key: string): string {
  return ALIASES[key] ?? key;
}

const isRange = (p: SweepParameter): p is Extract<SweepParameter, { min: number }> => 'min' in p;

function rangeProblem(p: Extract<SweepParameter, { min: number }>): string | null {
  if (!Number.isFinite(p.min) || !Number.isFinite(p.max)) return `"${p.key}": a range needs finite min and max.`;
  if (p.min > p.max) return `"${p.key}": the range ${p.min}..${p.max} is empty (min is above max).`;
  if (p.scale === 'log' && p.min <= 0) return `"${p.key}": a log range must stay above 0 (it starts at ${p.min}).`;
  if (p.steps !== undefined && (!Number.isInteger(p.steps) || p.steps < 1 || p.steps > MAX_SWEEP_TRIALS)) return `"${p.key}": steps must be a whole number from 1 to ${MAX_SWEEP_TRIALS}.`;
  if (p.integer && Math.floor(p.max) < Math.ceil(p.min)) return `"${p.key}": the range ${p.min}..${p.max} holds no whole number.`;
  return null;
}

function pointInRange(p: Extract<SweepParameter, { min: number }>, t: number): number {
  const v = p.scale === 'log' ? Math.exp(Math.log(p.min) + t * (Math.log(p.max) - Math.log(p.min))) : p.min + t * (p.max - p.min);
  // Twelve significant digits: 0.001 stays 0.001 rather than 0.0010000000000000002.
  return p.integer ? Math.round(v) : Number(v.toPrecision(12));
}

/** The grid values of a parameter: its list, or `steps` points spread over its range. */
function gridValues(p: SweepParameter): SweepValue[] {
  if (!isRange(p)) return p.values;
  const steps = p.steps ?? DEFAULT_RANGE_STEPS;
  const points = Array.from({ length: steps }, (_, i) => pointInRange(p, steps === 1 ? 0 : i / (steps - 1)));
  return [...new Set(points)];
}

function combinations(parameters: readonly SweepParameter[]): Record<string, SweepValue>[] {
  let combos: Record<string, SweepValue>[] = [{}];
  for (const p of parameters) combos = combos.flatMap((c) => gridValues(p).map((v) => ({ ...c, [canonicalKey(p.key)]: v })));
  return combos;
}

function randomCombinations(parameters: readonly SweepParameter[], count: number, seed: number): Record<string, SweepValue>[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () =>
    Object.fromEntries(parameters.map((p) => [canonicalKey(p.key), isRange(p) ? pointInRange(p, rng()) : p.values[Math.floor(rng() * p.values.length)]])),
  );
}

/** A trial's layers and settings: the base with its values applied. */
export function applyTrial(spec: Pick<SweepSpec, 'layers' | 'hyperparameters'>, trial: Pick<TrialPlan, 'values' | 'seed'>): { layers: LayerSpec[]; hyperparameters: Hyperparameters } {
  const layers = spec.layers.map((l) => ({ ...l })) as LayerSpec[];
  const hyperparameters = { ...spec.hyperparameters, seed: trial.seed } as Record<string, unknown>;
  for (const [key, value] of Object.entries(trial.values)) {
    const resolved = resolveKey(key, layers);
    if (typeof resolved === 'string') continue;
    if (resolved.kind === 'setting') hyperparameters[resolved.field] = value;
    else (layers[resolved.index] as unknown as Record<string, unknown>)[resolved.field] = value;
  }
  return { layers, hyperparameters: hyperparameters as unknown as Hyperparameters };
}

function strategyProblems(spec: SweepSpec): string[] {
  const s = spec.strategy;
  const problems: string[] = [];
  if (!Number.isInteger(spec.seeds) || spec.seeds < 1 || spec.seeds > MAX_SWEEP_SEEDS) problems.push(`The number of seeds must be a whole number from 1 to ${MAX_SWEEP_SEEDS}.`);
  if (!SWEEP_METRICS.includes(spec.metric)) problems.push(`The metric must be one of ${SWEEP_METRICS.join(', ')}.`);
  const atOnce = spec.trialsAtOnce ?? 1;
  if (!Number.isInteger(atOnce) || atOnce < 1 || atOnce > MAX_TRIALS_AT_ONCE) problems.push(`Trials at once must be a whole number from 1 to ${MAX_TRIALS_AT_ONCE}.`);
  if (s.kind === 'random' || (s.kind === 'halving' && s.trials !== undefined)) {
    const trials = s.trials;
    if (!Number.isInteger(trials) || trials! < 1 || trials! > MAX_SWEEP_TRIALS) problems.push(`A random search needs a trial budget from 1 to ${MAX_SWEEP_TRIALS} combinations.`);
  }
  if (s.kind === 'halving') {
    const epochs = spec.hyperparameters.epochs;
    if (!Number.isInteger(s.minEpochs) || s.minEpochs < 1 || s.minEpochs >= epochs) problems.push(`Successive halving's first rung (${s.minEpochs} epochs) must come before the last epoch (${epochs}).`);
    if (!Number.isInteger(s.reduction) || s.reduction < 2 || s.reduction > 10) problems.push('Successive halving keeps 1/reduction of the trials at each rung: reduction must be a whole number from 2 to 10.');
  }
  if (!['grid', 'random', 'halving'].includes(s.kind)) problems.push('The strategy must be grid, random or halving.');
  return problems;
}

/** The trials of a sweep, or every reason it cannot run. Deterministic: the same spec plans the same trials. */
export function planTrials(spec: SweepSpec): { trials: TrialPlan[]; configurations: number; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const base = parseArchitecture(spec.layers);
  const settings = parseHyperparameters(spec.hyperparameters);
  issues.push(...base.issues, ...settings.issues);
  if (!base.layers || !settings.value) return { trials: [], configurations: 0, issues };
  const layers = base.layers;

  const seen = new Set<string>();
  for (const p of spec.parameters) {
    const resolved = resolveKey(p.key, layers);
    if (typeof resolved === 'string') issues.push(issue(resolved, p.key));
    const key = canonicalKey(p.key);
    if (seen.has(key)) issues.push(issue(`"${p.key}" is varied twice: give it one list or range.`, p.key));
    seen.add(key);
    if (isRange(p)) {
      const problem = rangeProblem(p);
      if (problem) issues.push(issue(problem, p.key));
    } else if (!Array.isArray(p.values) || p.values.length === 0) issues.push(issue(`"${p.key}" has no values to try.`, p.key));
  }
  issues.push(...strategyProblems(spec).map((m) => issue(m)));
  if (issues.length > 0) return { trials: [], configurations: 0, issues };

  const budget = spec.strategy.kind === 'grid' || (spec.strategy.kind === 'halving' && spec.strategy.trials === undefined) ? null : spec.strategy.trials!;
  // The size is known before anything is expanded, so a sweep of a billion trials is refused cheaply.
  const gridSize = spec.parameters.reduce((n, p) => n * gridValues(p).length, 1);
  const configurations = budget ?? gridSize;
  if (configurations * spec.seeds > MAX_SWEEP_TRIALS) {
    return { trials: [], configurations, issues: [issue(`This sweep has ${configurations * spec.seeds} trials (${configurations} combinations x ${spec.seeds} seeds); at most ${MAX_SWEEP_TRIALS} are allowed: try fewer values or seeds.`)] };
  }
  const combos = budget === null ? combinations(spec.parameters) : randomCombinations(spec.parameters, budget, spec.hyperparameters.seed);

  // Each distinct combination is checked once, as a run of it would be.
  const reported = new Set<string>();
  for (const values of combos) {
    const trial = applyTrial({ layers, hyperparameters: settings.value }, { values, seed: settings.value.seed });
    const problems = [...parseHyperparameters(trial.hyperparameters).issues, ...analyzeArchitecture(trial.layers).issues];
    const shown = Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    for (const p of problems) {
      if (reported.has(p.message)) continue;
      reported.add(p.message);
      issues.push({ ...p, message: `With ${shown}: ${p.message}` });
    }
  }
  if (issues.length > 0) return { trials: [], configurations, issues };

  const trials: TrialPlan[] = [];
  for (const values of combos) {
    for (let s = 0; s < spec.seeds; s++) trials.push({ index: trials.length, values, seed: settings.value.seed + s });
  }
  return { trials, configurations, issues };
}
