/**
 * The run store's interface. In each process its training queue's parent writes here (training
 * processes only send events); several processes may write one data folder at once.
 */
import type { LayerSpec } from '../../common/layers/types';
import type { Hyperparameters } from '../../common/training/hyperparameters';
import type { MetricSeries, MetricsSince } from '../../common/training/metric-series';
import type {
  BackendInfo,
  ClassMetrics,
  MetricPoint,
  ModelFileInfo,
  ModelKind,
  RunDetail,
  RunResults,
  RunPatch,
  RunQuery,
  RunRelation,
  RunStatus,
  RunSummary,
} from '../../common/training/run';

import type { RunChanges } from './run-changes';
import type { LabSettingsStore } from './lab-settings';
import type { SlurmJobStore } from './slurm-job-store';
import type { SweepStore } from './sweep-store';
import type { TrashStore } from './trash-store';
import type { RealWorldStore } from './real-world-store';

export type { RunPatch, RunQuery };

export interface NewRun {
  name: string;
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
  params: number;
  /** The run this one re-runs or was forked from; recorded once, never changed. */
  parent?: { runId: number; relation: RunRelation } | null;
}

export interface RunStore {
  readonly file: string;
  /** Sweeps and their trials, in the same database. */
  readonly sweeps: SweepStore;
  /** Deleted runs, and removing them for good. */
  readonly trash: TrashStore;
  /** Runs trained as Slurm jobs, and how far their events were recorded. */
  readonly slurm: SlurmJobStore;
  /** The lab's own settings (the Compute setting). */
  readonly settings: LabSettingsStore;
  /** What other processes changed, and cancel requests between processes. */
  readonly changes: RunChanges;
  /** Runs' real-world scores (one each), and recording them. */
  readonly realWorld: RealWorldStore;
  createRun(run: NewRun): RunSummary;
  markRunning(id: number, info: BackendInfo): void;
  /** Appends in one transaction; NaN/Infinity values are stored exactly and read back as such. */
  appendMetrics(id: number, points: MetricPoint[]): void;
  /** Records epochsDone and best/final validation accuracy after an epoch. */
  recordEpoch(id: number, epoch: number, valAccuracy: number): void;
  recordModel(id: number, model: ModelFileInfo): void;
  recordTestResults(
    id: number,
    r: { testLoss: number; testAccuracy: number; confusion: number[][]; perClass: ClassMetrics[]; predictions: number[] },
  ): void;
  /** Predicted labels over the evaluated test examples (test-set order), or null before evaluation. */
  getPredictions(id: number): Uint8Array | null;
  /** Ends a run: status must be a finished one; error explains failed/diverged/interrupted. */
  finishRun(id: number, status: Exclude<RunStatus, 'queued' | 'running'>, error?: string | null): void;
  /** At start-up: runs left queued or running by a crash become 'interrupted'; returns their ids. */
  recoverInterrupted(reason: string): number[];
  getRun(id: number): RunSummary | null;
  getRunDetail(id: number): RunDetail | null;
  /** The run, its test results, models and family, without reading its metric points. */
  getRunResults(id: number): RunResults | null;
  /**
   * Newest first. Runs with identical layers (or hyperparameters) share one object within a
   * listing, frozen so that it cannot be changed for all of them at once: copy it to change it.
   */
  listRuns(query?: RunQuery): RunSummary[];
  /** Every recorded point of a run, one series per metric name and split (what getRunDetail holds). */
  getMetricSeries(id: number): MetricSeries[];
  /** The points of a run recorded after point `after` (a RunDetail's metricsUpTo), and the new last point. */
  getMetricsSince(id: number, after: number): MetricsSince;
  getModel(id: number, kind: ModelKind): ModelFileInfo | null;
  updateRun(id: number, patch: RunPatch): RunSummary;
  /** Soft delete; restoreRun undoes it. */
  deleteRun(id: number): void;
  restoreRun(id: number): void;
  close(): void;
}
