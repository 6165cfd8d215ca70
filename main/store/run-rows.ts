/** Rows as SQLite returns them, and their conversion to the shared run types. */
import type { LayerSpec } from '../../common/layers/types';
import type { BackendId, Hyperparameters } from '../../common/training/hyperparameters';
import type { MetricPoint, ModelFileInfo, ModelKind, RunStatus, RunSummary } from '../../common/training/run';
import { decodeNumber, type SpecialNumber } from './special-numbers';

/*
 * Runs are read as raw rows (arrays): for 10,000 runs better-sqlite3 builds arrays about ten times
 * faster than objects with 25 named keys. RUN_COLUMNS and RunRow list the same columns in the same
 * order; the type check below and a test against the schema keep them together.
 */
export const RUN_COLUMNS = [
  'id',
  'name',
  'status',
  'preset_id',
  'layers_json',
  'hyperparameters_json',
  'params',
  'backend',
  'device',
  'tfjs_version',
  'threads',
  'seed',
  'created_at',
  'started_at',
  'finished_at',
  'epochs_done',
  'best_val_accuracy',
  'best_epoch',
  'final_val_accuracy',
  'test_accuracy',
  'test_loss',
  'error',
  'notes',
  'starred',
  'deleted_at',
] as const;

export type RunRow = [
  id: number,
  name: string,
  status: RunStatus,
  presetId: string | null,
  layersJson: string,
  hyperparametersJson: string,
  params: number,
  backend: BackendId | null,
  device: string | null,
  tfjsVersion: string | null,
  threads: number | null,
  seed: number,
  createdAt: number,
  startedAt: number | null,
  finishedAt: number | null,
  epochsDone: number,
  bestValAccuracy: number | null,
  bestEpoch: number | null,
  finalValAccuracy: number | null,
  testAccuracy: number | null,
  testLoss: number | null,
  error: string | null,
  notes: string,
  starred: number,
  deletedAt: number | null,
];

const columnsMatchRow: RunRow['length'] extends (typeof RUN_COLUMNS)['length'] ? true : never = true;
void columnsMatchRow;

/** The run columns for a SELECT from `runs r`, in RunRow order. */
export const RUN_SELECT_LIST = RUN_COLUMNS.map((c) => `r.${c}`).join(', ');

export interface TagRow {
  run_id: number;
  tag: string;
}

/** A metric as a raw row: long runs have tens of thousands, so no per-row objects from SQLite. */
export type MetricRow = [
  name: MetricPoint['name'],
  split: MetricPoint['split'],
  step: number,
  epoch: number,
  value: number | null,
  special: SpecialNumber | null,
  time: number,
];

export interface ModelRow {
  kind: ModelKind;
  path: string;
  sha256: string;
  bytes: number;
  epoch: number;
}

export interface ConfusionRow {
  matrix_json: string;
  per_class_json: string;
}

export function runId(row: RunRow): number {
  return row[0];
}

export function toRunSummary(row: RunRow, tags: string[]): RunSummary {
  const [
    id,
    name,
    status,
    presetId,
    layersJson,
    hyperparametersJson,
    params,
    backend,
    device,
    tfjsVersion,
    threads,
    seed,
    createdAt,
    startedAt,
    finishedAt,
    epochsDone,
    bestValAccuracy,
    bestEpoch,
    finalValAccuracy,
    testAccuracy,
    testLoss,
    error,
    notes,
    starred,
    deletedAt,
  ] = row;
  return {
    id,
    name,
    status,
    presetId,
    layers: JSON.parse(layersJson) as LayerSpec[],
    hyperparameters: JSON.parse(hyperparametersJson) as Hyperparameters,
    params,
    backend,
    device,
    tfjsVersion,
    threads,
    seed,
    createdAt,
    startedAt,
    finishedAt,
    epochsDone,
    bestValAccuracy,
    bestEpoch,
    finalValAccuracy,
    testAccuracy,
    testLoss,
    error,
    notes,
    tags,
    starred: starred === 1,
    deletedAt,
  };
}

export function toMetricPoint([name, split, step, epoch, value, special, time]: MetricRow): MetricPoint {
  return { name, split, step, epoch, value: decodeNumber({ value, special }), time };
}

export function toModelFileInfo(row: ModelRow): ModelFileInfo {
  return { kind: row.kind, path: row.path, sha256: row.sha256, bytes: row.bytes, epoch: row.epoch };
}

/** Groups tag rows (ordered by run, then position) into each run's list. */
export function groupTags(rows: TagRow[]): Map<number, string[]> {
  const byRun = new Map<number, string[]>();
  for (const { run_id, tag } of rows) {
    const list = byRun.get(run_id);
    if (list) list.push(tag);
    else byRun.set(run_id, [tag]);
  }
  return byRun;
}
