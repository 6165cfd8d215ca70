/** Rows as SQLite returns them, and their conversion to the shared run types. */
import type { LayerSpec } from '../../common/layers/types';
import { completeStoredHyperparameters, type BackendId, type Hyperparameters } from '../../common/training/hyperparameters';
import type { MetricSeries } from '../../common/training/metric-series';
import type { MetricName, MetricSplit, ModelFileInfo, ModelKind, RunRelation, RunRelative, RunStatus, RunSummary } from '../../common/training/run';
import { decodeNumber, type SpecialNumber } from './special-numbers';

/*
 * Runs are read as raw rows (arrays): for 10,000 runs better-sqlite3 builds arrays about ten times
 * faster than objects with 25 named keys. RUN_FIELD_COLUMNS and RunFields list the same columns in
 * the same order; the type check below and a test against the schema keep them together. A row
 * ends with the run's settings: as text for one run, as ids into settings_texts in a listing.
 */
export const RUN_FIELD_COLUMNS = [
  'id',
  'name',
  'status',
  'preset_id',
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
  'parent_run_id',
  'parent_relation',
] as const;

export type RunFields = [
  id: number,
  name: string,
  status: RunStatus,
  presetId: string | null,
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
  parentRunId: number | null,
  relation: RunRelation | null,
];

const columnsMatchFields: RunFields['length'] extends (typeof RUN_FIELD_COLUMNS)['length'] ? true : never = true;
void columnsMatchFields;

/** One run with its settings as stored text. */
export type RunRow = [...RunFields, layersJson: string, hyperparametersJson: string, realWorldAccuracy: number | null];

/** A run in a listing: its settings are ids into settings_texts, read and parsed once per listing. */
export type ListedRunRow = [...RunFields, layersId: number | null, hyperparametersId: number | null, realWorldAccuracy: number | null];

/** The run's real-world accuracy, from its one score (migration 008); null when it has none. */
const REAL_WORLD_ACCURACY = '(SELECT CAST(s.correct AS REAL) / s.total FROM real_world_scores s WHERE s.run_id = r.id AND s.total > 0)';

const selectList = (columns: readonly string[]) => [...columns.map((c) => `r.${c}`), REAL_WORLD_ACCURACY].join(', ');

/** The columns of a RunRow for a SELECT from `runs r`. */
export const RUN_SELECT_LIST = selectList([...RUN_FIELD_COLUMNS, 'layers_json', 'hyperparameters_json']);

/** The columns of a ListedRunRow for a SELECT from `runs r`. */
export const LISTED_RUN_SELECT_LIST = selectList([...RUN_FIELD_COLUMNS, 'layers_id', 'hyperparameters_id']);

/** Where the settings sit in a RunRow or ListedRunRow: right after the fields; then the real-world accuracy. */
const LAYERS_AT: RunFields['length'] = 25;
const HYPERPARAMETERS_AT = 26 as const;
const REAL_WORLD_AT = 27 as const;

export interface TagRow {
  run_id: number;
  tag: string;
}

/**
 * One point of a metric series as a raw row: long runs have tens of thousands, so no per-row
 * objects from SQLite, and the series' name and split are not repeated on every row.
 */
export type SeriesPointRow = [step: number, epoch: number, value: number | null, special: SpecialNumber | null, time: number];

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

export function runId(row: RunFields | RunRow | ListedRunRow): number {
  return row[0];
}

export function toRunSummary(row: RunRow, tags: string[]): RunSummary {
  const layers = JSON.parse(row[LAYERS_AT]) as LayerSpec[];
  const hyperparameters = completeStoredHyperparameters(JSON.parse(row[HYPERPARAMETERS_AT]) as Hyperparameters);
  return summaryOf(row, layers, hyperparameters, tags);
}

/** How many of a listing's runs use each settings text, by the text's id. */
export function countSettingsUses(rows: readonly ListedRunRow[]): Map<number, number> {
  const uses = new Map<number, number>();
  const use = (id: number) => uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const row of rows) {
    use(settingsId(row, LAYERS_AT));
    use(settingsId(row, HYPERPARAMETERS_AT));
  }
  return uses;
}

/** A listed run with the settings parsed from `settings` (by id), which runs may share. */
export function toListedRunSummary(row: ListedRunRow, settings: ReadonlyMap<number, unknown>, tags: string[]): RunSummary {
  const layers = settings.get(settingsId(row, LAYERS_AT)) as LayerSpec[] | undefined;
  const hyperparameters = settings.get(settingsId(row, HYPERPARAMETERS_AT)) as Hyperparameters | undefined;
  if (layers === undefined || hyperparameters === undefined) throw missingSettings(row);
  return summaryOf(row, layers, hyperparameters, tags);
}

function settingsId(row: ListedRunRow, at: typeof LAYERS_AT | typeof HYPERPARAMETERS_AT): number {
  const id = row[at];
  if (id === null) throw missingSettings(row);
  return id;
}

// The migration links every run and a trigger links each new one, so only a damaged file lands here.
function missingSettings(row: ListedRunRow): Error {
  return new Error(`Run ${runId(row)} is not linked to its stored layers and hyperparameters.`);
}

function summaryOf(row: RunRow | ListedRunRow, layers: LayerSpec[], hyperparameters: Hyperparameters, tags: string[]): RunSummary {
  const [
    id,
    name,
    status,
    presetId,
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
    parentRunId,
    relation,
  ] = row;
  // Keys in the order RunSummary declares them: JSON output (mnist-lab runs --json) keeps that order.
  return {
    id,
    name,
    status,
    presetId,
    layers,
    hyperparameters,
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
    realWorldAccuracy: row[REAL_WORLD_AT],
    error,
    notes,
    tags,
    starred: starred === 1,
    deletedAt,
    parentRunId,
    relation,
  };
}

/** A series' raw rows as columns. */
export function toMetricSeries(name: MetricName, split: MetricSplit, rows: SeriesPointRow[]): MetricSeries {
  const n = rows.length;
  const series: MetricSeries = { name, split, step: new Float64Array(n), epoch: new Float64Array(n), value: new Float64Array(n), time: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const [step, epoch, value, special, time] = rows[i];
    series.step[i] = step;
    series.epoch[i] = epoch;
    // Finite values, nearly all of them, skip decodeNumber's argument object.
    series.value[i] = special === null && value !== null ? value : decodeNumber({ value, special });
    series.time[i] = time;
  }
  return series;
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
