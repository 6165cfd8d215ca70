/** Sweeps: many runs of one base network and settings, varying some of them, over several seeds. */
import type { ComputeTarget } from '../compute/compute-target';
import type { LayerSpec, ValidationIssue } from '../layers/types';
import type { Hyperparameters } from '../training/hyperparameters';
import type { RunStatus, RunSummary } from '../training/run';

export type SweepValue = number | string | boolean;

/**
 * What a parameter varies: a hyperparameter by name (`learningRate`, or its command-line name
 * `lr`), or a field of one layer as `layerN.field`, N counted from 1 as the Design screen shows
 * (`layer3.filters`, `layer6.rate`).
 */
export interface SweepListParameter {
  key: string;
  values: SweepValue[];
}

export interface SweepRangeParameter {
  key: string;
  min: number;
  max: number;
  /** 'log' samples (and spaces grid points) evenly in log space: the usual choice for learning rates. */
  scale: 'linear' | 'log';
  /** Whole numbers only (filters, units, batch size). */
  integer?: boolean;
  /** For a grid: how many points from min to max; random sweeps sample the range instead. */
  steps?: number;
}

export type SweepParameter = SweepListParameter | SweepRangeParameter;

/**
 * grid: every combination. random: `trials` combinations drawn (ranges sampled continuously).
 * halving: the grid (or `trials` random draws) with asynchronous successive halving: a trial that
 * reaches a rung (minEpochs, then x reduction...) trailing the best 1/reduction of the trials
 * that reached that rung before it is stopped there and marked pruned.
 */
export type SweepStrategy =
  | { kind: 'grid' }
  | { kind: 'random'; trials: number }
  | { kind: 'halving'; trials?: number; minEpochs: number; reduction: number };

export const SWEEP_METRICS = ['bestValAccuracy', 'finalValAccuracy', 'testAccuracy'] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];
export const SWEEP_METRIC_LABELS: Record<SweepMetric, string> = {
  bestValAccuracy: 'best validation accuracy',
  finalValAccuracy: 'final validation accuracy',
  testAccuracy: 'test accuracy',
};

export interface SweepSpec {
  name?: string;
  presetId?: string | null;
  layers: LayerSpec[];
  /** The base settings; each trial changes only what its parameters say, and the seed. */
  hyperparameters: Hyperparameters;
  parameters: SweepParameter[];
  /** Runs per combination, with seeds base, base + 1, ... */
  seeds: number;
  strategy: SweepStrategy;
  /** What "best" means for this sweep. */
  metric: SweepMetric;
  /**
   * Trials training at the same time (default 1). Above 1 each trial trains with one worker, so
   * the trials share the cores instead of each splitting its batches across them: on a CPU the
   * per-trial start-up, data loading and test evaluation then overlap (bench --parts trials).
   */
  trialsAtOnce?: number;
  /** Where the trials train: this machine (absent) or Slurm, each trial one job of a job array. */
  compute?: ComputeTarget;
}

/** One planned run of a sweep: its parameter values and seed. Written once, with the sweep. */
export interface TrialPlan {
  index: number;
  values: Record<string, SweepValue>;
  seed: number;
}

export interface SweepPlan {
  trials: TrialPlan[];
  /** Distinct combinations (trials / seeds). */
  configurations: number;
  /** Every problem found; the sweep is queued only when there is none. */
  issues: ValidationIssue[];
  /** A rough time for the whole sweep on this machine, or null when nothing has been trained yet to go by. */
  estimateSeconds: number | null;
}

export const SWEEP_STATUSES = ['running', 'paused', 'completed', 'cancelled'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/** A trial as shown: the plan, its run once created, and 'pruned' when halving stopped it. */
export type TrialStatus = RunStatus | 'pending' | 'pruned';

export interface SweepTrial extends TrialPlan {
  runId: number | null;
  status: TrialStatus;
  /** The sweep's metric for this trial's run, or null. */
  value: number | null;
  /** The epoch at which halving stopped it, or null. */
  prunedAtEpoch: number | null;
}

export interface SweepSummary {
  id: number;
  name: string;
  status: SweepStatus;
  createdAt: number;
  finishedAt: number | null;
  spec: SweepSpec;
  trialCount: number;
  counts: Partial<Record<TrialStatus, number>>;
  best: { runId: number; trialIndex: number; value: number } | null;
}

export interface SweepDetail extends SweepSummary {
  trials: SweepTrial[];
  /** The runs of the trials created so far. */
  runs: RunSummary[];
}
