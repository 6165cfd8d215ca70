/**
 * A sweep specification from untrusted data (the page's IPC call, a FILE.json on the command
 * line): its shape checked and defaults filled in. What the values mean (keys, limits, the
 * network) is checked by planTrials, which every sweep goes through before anything is queued.
 */
import { parseComputeTarget } from '../compute/compute-target';
import type { ValidationIssue } from '../layers/types';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../training/hyperparameters';
import { characterCount, RUN_TEXT_LIMITS } from '../training/run-limits';
import { SWEEP_METRICS, type SweepMetric, type SweepParameter, type SweepSpec, type SweepStrategy, type SweepValue } from './types';

const MAX_PARAMETERS = 20;
const MAX_VALUES = 1000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const problem = (message: string, field: string | null = null): ValidationIssue => ({ layerIndex: null, field, message });
const isValue = (v: unknown): v is SweepValue => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean';

function parameter(v: unknown, i: number, issues: ValidationIssue[]): SweepParameter | null {
  if (!isRecord(v) || typeof v.key !== 'string' || v.key.length === 0 || v.key.length > 100) {
    issues.push(problem(`Parameter ${i + 1} needs a "key": a setting such as "learningRate" or a layer field such as "layer3.filters".`));
    return null;
  }
  const key = v.key;
  if (v.values !== undefined) {
    if (!Array.isArray(v.values) || v.values.length > MAX_VALUES || !v.values.every(isValue)) {
      issues.push(problem(`"${key}": "values" must be a list of at most ${MAX_VALUES} numbers, words or true/false.`, key));
      return null;
    }
    return { key, values: v.values };
  }
  if (typeof v.min !== 'number' || typeof v.max !== 'number') {
    issues.push(problem(`"${key}" needs either "values" (a list) or "min" and "max" (a range).`, key));
    return null;
  }
  const scale = v.scale ?? 'linear';
  if (scale !== 'linear' && scale !== 'log') issues.push(problem(`"${key}": "scale" must be linear or log.`, key));
  if (v.integer !== undefined && typeof v.integer !== 'boolean') issues.push(problem(`"${key}": "integer" must be true or false.`, key));
  if (v.steps !== undefined && typeof v.steps !== 'number') issues.push(problem(`"${key}": "steps" must be a number.`, key));
  return { key, min: v.min, max: v.max, scale: scale as 'linear' | 'log', integer: v.integer === true, ...(typeof v.steps === 'number' ? { steps: v.steps } : {}) };
}

function strategy(v: unknown, issues: ValidationIssue[]): SweepStrategy {
  if (v === undefined) return { kind: 'grid' };
  if (!isRecord(v) || typeof v.kind !== 'string') {
    issues.push(problem('"strategy" must be an object such as {"kind": "grid"}, {"kind": "random", "trials": 20} or {"kind": "halving", "minEpochs": 1, "reduction": 3}.'));
    return { kind: 'grid' };
  }
  const trials = typeof v.trials === 'number' ? v.trials : undefined;
  if (v.kind === 'grid') return { kind: 'grid' };
  if (v.kind === 'random') return { kind: 'random', trials: trials ?? NaN };
  if (v.kind === 'halving') {
    return { kind: 'halving', ...(trials !== undefined ? { trials } : {}), minEpochs: typeof v.minEpochs === 'number' ? v.minEpochs : 1, reduction: typeof v.reduction === 'number' ? v.reduction : 3 };
  }
  issues.push(problem(`There is no sweep strategy "${v.kind}": use grid, random or halving.`));
  return { kind: 'grid' };
}

export function parseSweepSpec(input: unknown): { spec: SweepSpec | null; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input)) return { spec: null, issues: [problem('A sweep must be an object with "layers", "hyperparameters" and "parameters".')] };
  if (input.name !== undefined && (typeof input.name !== 'string' || characterCount(input.name) > RUN_TEXT_LIMITS.name)) {
    issues.push(problem(`"name" must be text of at most ${RUN_TEXT_LIMITS.name} characters.`, 'name'));
  }
  if (input.presetId !== undefined && input.presetId !== null && typeof input.presetId !== 'string') issues.push(problem('"presetId" must be text or null.', 'presetId'));
  if (!Array.isArray(input.layers)) issues.push(problem('"layers" must be the list of layers of the base network.', 'layers'));
  if (input.hyperparameters !== undefined && !isRecord(input.hyperparameters)) issues.push(problem('"hyperparameters" must be an object of settings.', 'hyperparameters'));
  const rawParameters = input.parameters;
  if (!Array.isArray(rawParameters) || rawParameters.length === 0 || rawParameters.length > MAX_PARAMETERS) {
    issues.push(problem(`"parameters" must list 1 to ${MAX_PARAMETERS} settings to vary.`, 'parameters'));
  }
  const parameters = Array.isArray(rawParameters) ? rawParameters.map((p, i) => parameter(p, i, issues)) : [];
  const seeds = input.seeds === undefined ? 1 : input.seeds;
  if (typeof seeds !== 'number') issues.push(problem('"seeds" must be a number.', 'seeds'));
  const metric = (input.metric ?? 'bestValAccuracy') as SweepMetric;
  if (!SWEEP_METRICS.includes(metric)) issues.push(problem(`"metric" must be one of ${SWEEP_METRICS.join(', ')}.`, 'metric'));
  const parsedStrategy = strategy(input.strategy, issues);
  if (input.trialsAtOnce !== undefined && typeof input.trialsAtOnce !== 'number') issues.push(problem('"trialsAtOnce" must be a number.', 'trialsAtOnce'));
  const compute = parseComputeTarget(input.compute);
  issues.push(...compute.issues);
  if (issues.length > 0) return { spec: null, issues };
  return {
    spec: {
      ...(typeof input.name === 'string' ? { name: input.name } : {}),
      presetId: (input.presetId as string | null | undefined) ?? null,
      layers: input.layers as SweepSpec['layers'],
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS, ...(input.hyperparameters as Partial<Hyperparameters> | undefined) },
      parameters: parameters as SweepParameter[],
      seeds: seeds as number,
      strategy: parsedStrategy,
      metric,
      ...(typeof input.trialsAtOnce === 'number' ? { trialsAtOnce: input.trialsAtOnce } : {}),
      ...(compute.value?.on === 'slurm' ? { compute: compute.value } : {}),
    },
    issues,
  };
}
