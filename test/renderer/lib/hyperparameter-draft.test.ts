import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { checkHyperparameterDraft } from '../../../renderer/src/lib/hyperparameter-draft';

describe('checkHyperparameterDraft', () => {
  it('passes complete settings through', () => {
    expect(checkHyperparameterDraft({ ...DEFAULT_HYPERPARAMETERS })).toEqual({ value: DEFAULT_HYPERPARAMETERS, issues: [] });
  });

  it('reads an empty train or test limit as "no limit"', () => {
    const checked = checkHyperparameterDraft({ ...DEFAULT_HYPERPARAMETERS, trainLimit: undefined, testLimit: null });
    expect(checked.value).toMatchObject({ trainLimit: null, testLimit: null });
  });

  it('reports an empty required field by its label, and still checks the others', () => {
    const checked = checkHyperparameterDraft({ ...DEFAULT_HYPERPARAMETERS, epochs: null, batchSize: 0 });
    expect(checked.value).toBeNull();
    expect(checked.issues.map((issue) => issue.field).sort()).toEqual(['batchSize', 'epochs']);
    expect(checked.issues.find((issue) => issue.field === 'epochs')?.message).toBe('Epochs is empty: enter a value.');
  });
});
