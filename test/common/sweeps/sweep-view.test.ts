// A sweep as shown: trial statuses from runs, counts, the best completed trial, re-ranking by another metric; list parsing.
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../../common/layers/presets';
import { bestTrial, describeSweep, rankByMetric, type SweepRecord, type TrialRecord } from '../../../common/sweeps/sweep-view';
import { parseSweepValue, parseValueList } from '../../../common/sweeps/value-list';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { RunStatus, RunSummary } from '../../../common/training/run';

const tiny = findPreset('tfjs-tiny')!;
const sweep: SweepRecord = {
  id: 7,
  name: 'lr sweep',
  status: 'running',
  createdAt: 1,
  finishedAt: null,
  spec: { layers: tiny.layers, hyperparameters: DEFAULT_HYPERPARAMETERS, parameters: [{ key: 'lr', values: [0.001, 0.01] }], seeds: 2, strategy: { kind: 'grid' }, metric: 'bestValAccuracy' },
};

function run(id: number, status: RunStatus, best: number | null, test: number | null): RunSummary {
  return { id, status, bestValAccuracy: best, finalValAccuracy: best === null ? null : best - 0.01, testAccuracy: test } as RunSummary;
}

const trial = (index: number, runId: number | null, prunedAtEpoch: number | null = null): TrialRecord => ({
  index,
  values: { learningRate: index < 2 ? 0.001 : 0.01 },
  seed: 42 + (index % 2),
  runId,
  prunedAtEpoch,
});

// Trial 0 completed, 1 pruned with the highest accuracy, 2 completed with the best test accuracy, 3 pending.
const runs = new Map([
  [11, run(11, 'completed', 0.95, 0.9)],
  [12, run(12, 'cancelled', 0.99, 0.99)],
  [13, run(13, 'completed', 0.93, 0.96)],
]);
const detail = describeSweep(sweep, [trial(0, 11), trial(1, 12, 2), trial(2, 13), trial(3, null)], (id) => runs.get(id) ?? null);

describe('describeSweep', () => {
  it('reads each trial status from its run, pruned and pending included, and counts them', () => {
    expect(detail.trials.map((t) => t.status)).toEqual(['completed', 'pruned', 'completed', 'pending']);
    expect(detail.counts).toEqual({ completed: 2, pruned: 1, pending: 1 });
    expect(detail.trialCount).toBe(4);
    expect(detail.runs.map((r) => r.id)).toEqual([11, 12, 13]);
  });

  it('values trials by the sweep metric and picks the best completed one, never a pruned one', () => {
    expect(detail.trials.map((t) => t.value)).toEqual([0.95, 0.99, 0.93, null]);
    expect(detail.best).toEqual({ runId: 11, trialIndex: 0, value: 0.95 });
  });
});

describe('rankByMetric', () => {
  it('revalues the trials from their runs and re-ranks by the chosen metric', () => {
    const byTest = rankByMetric(detail, 'testAccuracy');
    expect(byTest.trials.map((t) => t.value)).toEqual([0.9, 0.99, 0.96, null]);
    expect(byTest.best).toEqual({ runId: 13, trialIndex: 2, value: 0.96 });
    expect(rankByMetric(detail, 'finalValAccuracy').best?.trialIndex).toBe(0);
  });

  it('has no best while no trial has completed', () => {
    expect(bestTrial(detail.trials.filter((t) => t.status !== 'completed'))).toBeNull();
  });
});

describe('parseValueList', () => {
  it('reads numbers, words and true/false, trimming spaces', () => {
    expect(parseValueList('0.001, 3e-3,adam , true')).toEqual([0.001, 0.003, 'adam', true]);
    expect(parseSweepValue('false')).toBe(false);
  });

  it('refuses a list with a missing value between commas', () => {
    expect(parseValueList('0.1,,0.2')).toBeNull();
    expect(parseValueList('0.1,')).toBeNull();
  });
});
