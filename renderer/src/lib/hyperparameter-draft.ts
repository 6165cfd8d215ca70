/**
 * The training-settings form holds a draft: number inputs that are empty read as undefined or
 * null. This turns a draft into Hyperparameters, reporting empty fields in plain words and
 * leaving every other check to the shared parseHyperparameters.
 */
import type { ValidationIssue } from '../../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS, HYPERPARAMETER_LABELS, type Hyperparameters } from '../../../common/training/hyperparameters';

export { HYPERPARAMETER_LABELS };
import { parseHyperparameters } from '../../../common/training/validate-hyperparameters';

export type HyperparameterDraft = { [K in keyof Hyperparameters]: Hyperparameters[K] | null | undefined };

/** Fields where an empty input means "no limit" rather than a missing value. */
const OPTIONAL_FIELDS = new Set<keyof Hyperparameters>(['trainLimit', 'testLimit']);

export interface CheckedSettings {
  value: Hyperparameters | null;
  issues: ValidationIssue[];
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (typeof value === 'number' && Number.isNaN(value));
}

export function checkHyperparameterDraft(draft: HyperparameterDraft): CheckedSettings {
  const missing: ValidationIssue[] = [];
  const filled: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_HYPERPARAMETERS) as (keyof Hyperparameters)[]) {
    const value = draft[key];
    if (OPTIONAL_FIELDS.has(key)) {
      filled[key] = isEmpty(value) ? null : value;
    } else if (isEmpty(value)) {
      missing.push({ layerIndex: null, field: key, message: `${HYPERPARAMETER_LABELS[key]} is empty: enter a value.` });
      // Checked with the default so the other fields still get their own messages.
      filled[key] = DEFAULT_HYPERPARAMETERS[key];
    } else {
      filled[key] = value;
    }
  }
  const parsed = parseHyperparameters(filled);
  const issues = [...missing, ...parsed.issues];
  return { value: issues.length === 0 ? parsed.value : null, issues };
}
