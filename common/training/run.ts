/** Runs, metrics and the events a training process streams to its parent. */
import type * as v from 'valibot';
import type { LISTING_CURSOR, RUN_PATCH, RUN_QUERY } from '../ipc/schemas';
import type { LayerSpec } from '../layers/types';
import type { BackendId, Hyperparameters } from './hyperparameters';
import type { MetricSeries } from './metric-series';
import type { RealWorldResult } from './real-world';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'cancelled', 'diverged', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINISHED_STATUSES: readonly RunStatus[] = ['completed', 'cancelled', 'diverged', 'failed', 'interrupted'];

export type MetricSplit = 'train' | 'val' | 'test';
/** Metric names recorded by training: loss, accuracy, and the learning rate in force. */
export type MetricName = 'loss' | 'accuracy' | 'lr';
/**
 * What a point stands for: one batch (training figures of that step), or one whole epoch (the
 * epoch's mean training figures, its validation figures and the learning rate at its end). An
 * epoch's point is recorded at the step of its last batch, so the kind is stored with each point
 * and never guessed from the position (migration 007 classified the points recorded before).
 */
export const METRIC_KINDS = ['batch', 'epoch'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

/** One recorded value. `value` may be NaN or +-Infinity (a diverging run); the store keeps those exactly. */
export interface MetricPoint {
  name: MetricName;
  split: MetricSplit;
  kind: MetricKind;
  /** Global optimisation step (batches seen so far) when it was recorded. */
  step: number;
  /** 1-based epoch; per-batch points carry the epoch they belong to. */
  epoch: number;
  value: number;
  /** Milliseconds since the Unix epoch. */
  time: number;
}

/** Which TensorFlow.js backend really ran a job, as the training process found it. */
export interface BackendInfo {
  backend: BackendId;
  /** e.g. "NVIDIA GeForce RTX 3060" for CUDA, "CPU (AMD EPYC ...)" otherwise. */
  device: string;
  tfjsVersion: string;
  threads: number;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  support: number;
}

export const MODEL_KINDS = ['final', 'best'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface ModelFileInfo {
  kind: ModelKind;
  /** Folder of the model, relative to the data folder (holds model.json and weights.bin). */
  path: string;
  /** sha256 of model.json and weights.bin concatenated, hex. */
  sha256: string;
  bytes: number;
  /** Epoch the weights come from. */
  epoch: number;
}

/** What the parent hands a training process. */
export interface TrainingJob {
  runId: number;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
  /** Absolute folder the process writes this run's model folders into. */
  modelDir: string;
  /** Absolute data folder, so ModelFileInfo.path can be made relative to it. */
  homeDir: string;
  /** The real-world set's folder, where the parent found it; absent: the run gets no real-world score. */
  realWorldDir?: string;
}

export interface EpochResult {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  learningRate: number;
  seconds: number;
}

/** Events a training process sends, in order: started, (batch | epoch | model)*, then exactly one ending. */
export type TrainingEvent =
  | {
      type: 'started';
      info: BackendInfo;
      trainSize: number;
      valSize: number;
      testSize: number;
      batchesPerEpoch: number;
      epochs: number;
      params: number;
    }
  | {
      type: 'batch';
      epoch: number;
      batch: number;
      batchesPerEpoch: number;
      step: number;
      loss: number;
      accuracy: number;
      samplesPerSec: number;
      elapsedMs: number;
      time: number;
      /** Learning rate in force for this step (the schedule may change it every step). */
      learningRate?: number;
    }
  | ({ type: 'epoch'; step: number; time: number } & EpochResult)
  | { type: 'model'; model: ModelFileInfo }
  | {
      type: 'done';
      testLoss: number;
      testAccuracy: number;
      /** confusion[trueLabel][predictedLabel] = count over the test set. */
      confusion: number[][];
      perClass: ClassMetrics[];
      /** Predicted label of each evaluated test example, in test-set order (for "show me the mistakes"). */
      predictions: number[];
      /** The final model on the real-world set, scored right after the test evaluation. */
      realWorld?: RealWorldResult;
      time: number;
    }
  | { type: 'diverged'; epoch: number; step: number; message: string }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string };

export type EndingEvent = Extract<TrainingEvent, { type: 'done' | 'diverged' | 'cancelled' | 'failed' }>;

/**
 * How a run came from its parent: a re-run (the same layers, settings and seed, to repeat it) or
 * a fork (its settings taken into the designer, possibly changed).
 */
export const RUN_RELATIONS = ['rerun', 'fork'] as const;
export type RunRelation = (typeof RUN_RELATIONS)[number];
/** The words for each relation, as screens and the command line write them. */
export const RELATION_LABELS: Record<RunRelation, string> = { rerun: 're-run', fork: 'fork' };

/** A run as listed in tables. */
export interface RunSummary {
  id: number;
  name: string;
  status: RunStatus;
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
  params: number;
  backend: BackendId | null;
  device: string | null;
  tfjsVersion: string | null;
  threads: number | null;
  seed: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  epochsDone: number;
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  finalValAccuracy: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  /** The final model's accuracy on the shipped real-world set (real-world.ts), or null when not scored. */
  realWorldAccuracy: number | null;
  /**
   * How many views a picture that score was read in (common/image/views.ts), or null when not
   * scored: a score read in fewer views than pictures are read in now reads lower.
   */
  realWorldViews: number | null;
  /** Why a run failed, diverged or was interrupted; null otherwise. */
  error: string | null;
  notes: string;
  tags: string[];
  starred: boolean;
  deletedAt: number | null;
  /** The run this one re-ran or was forked from (recorded once, at creation), or null. */
  parentRunId: number | null;
  /** How it came from its parent; null for a run with none. */
  relation: RunRelation | null;
}

/** Another run of a run's family, with what it takes to name and open it. */
export type RunRelative = Pick<RunSummary, 'id' | 'name' | 'status' | 'relation' | 'createdAt' | 'deletedAt'>;

/** A run's parent (null if it has none, or none is kept) and its children, oldest first; deleted ones included. */
export interface RunFamily {
  parent: RunRelative | null;
  children: RunRelative[];
}

/** A run with its test results, saved models and family: what Evaluate and Test show, without the curves. */
export interface RunResults extends RunSummary {
  confusion: number[][] | null;
  perClass: ClassMetrics[] | null;
  /** The real-world score per style, or why there is none; null when the run was never scored. */
  realWorld: RealWorldResult | null;
  models: ModelFileInfo[];
  family: RunFamily;
}

/** A run with everything recorded about it. */
export interface RunDetail extends RunResults {
  /** Every recorded point, one series per metric name, split and kind. */
  metrics: MetricSeries[];
  /** The number of the last point in `metrics` (with none, of any run's, or 0): getRunMetrics(id, metricsUpTo) gives what came after. */
  metricsUpTo: number;
}

/** Live state of one queued or running job, for the app's live view and the CLI's progress bar. */
export interface QueueEntry {
  runId: number;
  status: 'queued' | 'running';
  /** 0 for the running job, 1.. for waiting ones (in the queue of the process that holds it). */
  position: number;
  /** Set when another MNIST Lab process (the app, `serve`, a command line) holds the run in its own queue. */
  otherProcess?: { pid: number };
  /** Set for a run trained as a Slurm job: its job id and Slurm's last state and reason (why it is pending). */
  slurm?: { jobId: string | null; state: string | null; reason: string | null };
}

// A listing's query and a run's change are what their IPC schemas accept (common/ipc/schemas.ts).
export type RunQuery = v.InferOutput<typeof RUN_QUERY>;
/** Where a listing page ends: the creation time and id of its last run. */
export type ListingCursor = v.InferOutput<typeof LISTING_CURSOR>;
export type RunPatch = v.InferOutput<typeof RUN_PATCH>;
