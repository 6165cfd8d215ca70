import { describe, expect, it } from 'vitest';
import { architectureSummary, matchesSearch, runSearchText, searchWords } from '../../../common/training/run-search';

const run = {
  id: 12,
  name: 'Überprüfung 100%',
  notes: 'lr too high',
  presetId: 'std',
  status: 'completed',
  backend: 'wasm',
  tags: ['Baseline'],
  layers: [{ type: 'flatten' as const }, { type: 'dense' as const, units: 10, activation: 'softmax' as const }],
};

describe('run search', () => {
  it('splits a search into case-folded words, nothing for blank text', () => {
    expect(searchWords('  Std   WASM ')).toEqual(['std', 'wasm']);
    expect(searchWords('   ')).toEqual([]);
    expect(searchWords(undefined)).toEqual([]);
  });

  it('describes the layers in one line, after the preset', () => {
    expect(architectureSummary(run)).toBe('std: flatten → dense 10 softmax');
    expect(architectureSummary({ presetId: null, layers: [{ type: 'flatten' }] })).toBe('flatten');
  });

  it('needs every word, in any order and case, anywhere in what the run is found by', () => {
    expect(runSearchText(run)).toContain('#12');
    for (const found of ['wasm std', 'BASELINE', '#12', 'überPRÜF', '100%', 'dense softmax', 'high lr', '']) expect(matchesSearch(run, found), found).toBe(true);
    for (const missed of ['cpu', 'std cpu', '#13', '%%', 'conv2d']) expect(matchesSearch(run, missed), missed).toBe(false);
  });
});
