/**
 * A sweep's details for component tests, built the way the app builds them: trials planned from
 * the spec, each started trial's run carrying the trial's settings and the accuracy the test gives.
 */
import { analyzeArchitecture } from '../../common/layers/analyze';
import { applyTrial, planTrials } from '../../common/sweeps/plan';
import type { SweepDetail, SweepSpec, SweepTrial, TrialStatus } from '../../common/sweeps/types';
import { DEFAULT_HYPERPARAMETERS } from '../../common/training/hyperparameters';
import type { RunSummary } from '../../common/training/run';
import { makeRunSummary, SMALL_LAYERS } from './fake-data';

export interface FakeTrialOutcome {
  status?: TrialStatus;
  /** Best and final validation accuracy; test accuracy is one point lower. */
  accuracy?: number | null;
}

/** `outcomes[i]` is trial i's result; trials without one stay pending (no run). */
export function makeSweepDetail(spec: Partial<SweepSpec>, outcomes: FakeTrialOutcome[], firstRunId = 500): SweepDetail {
  const full: SweepSpec = {
    name: 'test sweep',
    layers: SMALL_LAYERS,
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 4 },
    parameters: [],
    seeds: 1,
    strategy: { kind: 'grid' },
    metric: 'bestValAccuracy',
    ...spec,
  };
  const runs: RunSummary[] = [];
  const trials = planTrials(full).trials.map((plan, i): SweepTrial => {
    const outcome = outcomes[i];
    if (!outcome) return { ...plan, runId: null, status: 'pending', value: null, prunedAtEpoch: null };
    const { layers, hyperparameters } = applyTrial(full, plan);
    const accuracy = outcome.accuracy ?? null;
    const run = makeRunSummary({
      id: firstRunId + i,
      name: `trial ${i + 1}`,
      status: outcome.status === 'pruned' ? 'cancelled' : ((outcome.status ?? 'completed') as RunSummary['status']),
      layers,
      hyperparameters,
      params: analyzeArchitecture(layers).totalParams,
      bestValAccuracy: accuracy,
      finalValAccuracy: accuracy,
      testAccuracy: accuracy === null ? null : accuracy - 0.01,
    });
    runs.push(run);
    return { ...plan, runId: run.id, status: outcome.status ?? 'completed', value: accuracy, prunedAtEpoch: outcome.status === 'pruned' ? 2 : null };
  });
  const best = trials.filter((t) => t.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0))[0];
  return {
    id: 7,
    name: full.name ?? 'test sweep',
    status: 'running',
    createdAt: Date.UTC(2026, 0, 1),
    finishedAt: null,
    spec: full,
    trialCount: trials.length,
    counts: {},
    best: best ? { runId: best.runId as number, trialIndex: best.index, value: best.value as number } : null,
    trials,
    runs,
  };
}
