/**
 * Checks training settings that arrive as untrusted data (the form over IPC, CLI flags, a preset),
 * merged over a base. Every field is checked, and every problem reported at once.
 */
import type { ValidationIssue } from '../layers/types';
import {
  AUGMENTATIONS,
  augmentationOf,
  BACKEND_CHOICES,
  DEFAULT_HYPERPARAMETERS,
  OPTIMIZERS,
  SCHEDULES,
  WORKER_CHOICES,
  type Hyperparameters,
} from './hyperparameters';

interface NumberRule {
  kind: 'number';
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
  /** null means "all" (trainLimit, testLimit). */
  nullable?: boolean;
}
interface ChoiceRule {
  kind: 'choice';
  choices: readonly string[];
}
interface BooleanRule {
  kind: 'boolean';
}
type Rule = NumberRule | ChoiceRule | BooleanRule;

const whole = (min: number, max: number, nullable = false): NumberRule => ({ kind: 'number', min, max, integer: true, nullable });

const RULES: Record<keyof Hyperparameters, Rule> = {
  optimizer: { kind: 'choice', choices: OPTIMIZERS },
  learningRate: { kind: 'number', min: 0, max: 1, minExclusive: true },
  momentum: { kind: 'number', min: 0, max: 1, maxExclusive: true },
  beta1: { kind: 'number', min: 0, max: 1, maxExclusive: true },
  beta2: { kind: 'number', min: 0, max: 1, maxExclusive: true },
  schedule: { kind: 'choice', choices: SCHEDULES },
  stepEvery: whole(1, Number.MAX_SAFE_INTEGER),
  stepFactor: { kind: 'number', min: 0, max: 1, minExclusive: true },
  batchSize: whole(1, 4096),
  epochs: whole(1, 1000),
  validationSplit: { kind: 'number', min: 0, max: 0.5 },
  seed: whole(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  earlyStoppingPatience: whole(0, 100),
  augment: { kind: 'choice', choices: AUGMENTATIONS },
  trainLimit: whole(1, Number.MAX_SAFE_INTEGER, true),
  testLimit: whole(1, Number.MAX_SAFE_INTEGER, true),
  backend: { kind: 'choice', choices: BACKEND_CHOICES },
  workers: { kind: 'choice', choices: WORKER_CHOICES },
};

const FIELDS = Object.keys(RULES) as (keyof Hyperparameters)[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** "a whole number from 1 to 4096", "greater than 0 and at most 1", "a whole number of at least 1". */
function describeRange(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const lowOpen = rule.min === Number.MIN_SAFE_INTEGER;
  const highOpen = rule.max === Number.MAX_SAFE_INTEGER;
  let range: string;
  if (lowOpen && highOpen) range = kind;
  else if (highOpen) range = `${kind} of at least ${rule.min}`;
  else if (rule.minExclusive) range = `${kind} greater than ${rule.min} and at most ${rule.max}`;
  else if (rule.maxExclusive) range = `${kind} from ${rule.min} up to (not including) ${rule.max}`;
  else range = `${kind} from ${rule.min} to ${rule.max}`;
  return rule.nullable ? `null (meaning all) or ${range}` : range;
}

function numberProblem(rule: NumberRule, value: unknown): string | null {
  if (value === null && rule.nullable) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a number';
  if (rule.integer && !Number.isInteger(value)) return 'not a whole number';
  const tooLow = rule.minExclusive ? value <= rule.min : value < rule.min;
  const tooHigh = rule.maxExclusive ? value >= rule.max : value > rule.max;
  return tooLow || tooHigh ? 'out of range' : null;
}

function checkField(field: keyof Hyperparameters, value: unknown): ValidationIssue | null {
  const rule = RULES[field];
  let expected: string | null = null;
  if (rule.kind === 'choice') {
    if (typeof value !== 'string' || !rule.choices.includes(value)) expected = `one of ${rule.choices.join(', ')}`;
  } else if (rule.kind === 'boolean') {
    if (typeof value !== 'boolean') expected = 'true or false';
  } else if (numberProblem(rule, value) !== null) {
    expected = describeRange(rule);
  }
  if (expected === null) return null;
  const fallback = show(DEFAULT_HYPERPARAMETERS[field]);
  return { layerIndex: null, field, message: `${field} must be ${expected}, but it is ${show(value)}: change it, e.g. to the default ${fallback}.` };
}

function unknownSettingMessage(key: string): string {
  const sameLetters = FIELDS.find((field) => field.toLowerCase() === key.toLowerCase());
  const hint = sameLetters ? `did you mean ${sameLetters}? ` : '';
  return `There is no setting called '${key}': ${hint}known settings are ${FIELDS.join(', ')}.`;
}

export interface ParsedHyperparameters {
  value: Hyperparameters | null;
  issues: ValidationIssue[];
}

/**
 * Merges `input` (a partial settings object; null or undefined means no changes) over `base` and
 * checks every field of the result. Unknown names are reported too, so a typo such as "learningrate"
 * is not silently ignored. Never throws.
 */
export function parseHyperparameters(input: unknown, base: Hyperparameters = DEFAULT_HYPERPARAMETERS): ParsedHyperparameters {
  const issues: ValidationIssue[] = [];
  try {
    const overrides = input === null || input === undefined ? {} : input;
    if (!isRecord(overrides)) {
      const message = `Training settings must be an object of named values, e.g. {"epochs": 3, "batchSize": 128}, but got ${show(overrides)}.`;
      return { value: null, issues: [{ layerIndex: null, field: null, message }] };
    }
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(overrides)) {
      if (Object.hasOwn(RULES, key)) {
        merged[key] = key === 'augment' ? augmentationOf(value) : value;
      } else {
        issues.push({ layerIndex: null, field: key, message: unknownSettingMessage(key) });
      }
    }
    for (const field of FIELDS) {
      const found = checkField(field, merged[field]);
      if (found) issues.push(found);
    }
    if (issues.length > 0) return { value: null, issues };
    // Rebuild from the known fields only, so nothing unexpected travels on to the trainer.
    const value = Object.fromEntries(FIELDS.map((field) => [field, merged[field]])) as unknown as Hyperparameters;
    return { value, issues };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { value: null, issues: [{ layerIndex: null, field: null, message: `The training settings could not be read (${reason}): pass plain JSON data.` }] };
  }
}
