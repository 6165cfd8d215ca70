/** Rows as SQLite returns them, and their conversion to the shared run types. */
import type { LayerSpec } from '../../common/layers/types';
import { completeStoredHyperparameters, type BackendId, type Hyperparameters } from '../../common/training/hyperparameters';
import type { MetricSeries } from '../../common/training/metric-series';
import type { MetricKind, MetricName, MetricSplit, ModelFileInfo, ModelKind, RunRelation, RunRelative, RunStatus, RunSummary } from '../../common/training/run';
import { decodeNumber, type SpecialNumber } from './special-numbers';

/*
 * Runs are read as raw rows (arrays): for 10,000 runs better-sqlite3 builds arrays about ten times
 * faster than objects with 25 named keys. SUMMARY_FIELDS is the one list of a run summary's fields,
 * in RunSummary's order, each with the column it is stored in (null: kept elsewhere); the SELECT's
 * columns, the row type and the conversion to RunSummary all follow from it. A row ends with the
 * run's settings: as text for one run, as ids into settings_texts in a listing.
 */
const SUMMARY_FIELDS = [
  ['id', 'id'],
  ['name', 'name'],
  ['status', 'status'],
  ['presetId', 'preset_id'],
  ['layers', null],
  ['hyperparameters', null],
  ['params', 'params'],
  ['backend', 'backend'],
  ['device', 'device'],
  ['tfjsVersion', 'tfjs_version'],
  ['threads', 'threads'],
  ['seed', 'seed'],
  ['createdAt', 'created_at'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
  ['epochsDone', 'epochs_done'],
  ['bestValAccuracy', 'best_val_accuracy'],
  ['bestEpoch', 'best_epoch'],
  ['finalValAccuracy', 'final_val_accuracy'],
  ['testAccuracy', 'test_accuracy'],
  ['testLoss', 'test_loss'],
  ['realWorldAccuracy', null],
  ['realWorldViews', null],
  ['error', 'error'],
  ['notes', 'notes'],
  ['tags', null],
  ['starred', 'starred'],
  ['deletedAt', 'deleted_at'],
  ['parentRunId', 'parent_run_id'],
  ['relation', 'parent_relation'],
] as const satisfies readonly (readonly [keyof RunSummary, string | null])[];

// Every field of RunSummary is in the list: a new one that is not stops the build here.
type Unlisted = Exclude<keyof RunSummary, (typeof SUMMARY_FIELDS)[number][0]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** Values come from SQLite as stored: a flag as 0 or 1. */
type Stored<K extends keyof RunSummary> = K extends 'starred' ? number : RunSummary[K];

/** The stored fields of a list, in its order, as a tuple type. */
type StoredTuple<T extends readonly unknown[]> = T extends readonly [infer F, ...infer Rest]
  ? F extends readonly [infer K extends keyof RunSummary, string]
    ? [Stored<K>, ...StoredTuple<Rest>]
    : StoredTuple<Rest>
  : [];

export type RunFields = StoredTuple<typeof SUMMARY_FIELDS>;

export const RUN_FIELD_COLUMNS = SUMMARY_FIELDS.flatMap(([, column]) => (column === null ? [] : [column]));

/** One run with its settings as stored text. */
export type RunRow = [...RunFields, layersJson: string, hyperparametersJson: string, realWorldAccuracy: number | null, realWorldViews: number | null];

/** A run in a listing: its settings are ids into settings_texts, read and parsed once per listing. */
export type ListedRunRow = [...RunFields, layersId: number | null, hyperparametersId: number | null, realWorldAccuracy: number | null, realWorldViews: number | null];

/** The run's real-world accuracy, from its one score (migration 008); null when it has none. */
const REAL_WORLD_ACCURACY = '(SELECT CAST(s.correct AS REAL) / s.total FROM real_world_scores s WHERE s.run_id = r.id AND s.total > 0)';
/** How many views a picture that score was read in (migration 010). */
const REAL_WORLD_VIEWS = '(SELECT s.views FROM real_world_scores s WHERE s.run_id = r.id AND s.total > 0)';

const selectList = (columns: readonly string[]) => [...columns.map((c) => `r.${c}`), REAL_WORLD_ACCURACY, REAL_WORLD_VIEWS].join(', ');

/** The columns of a RunRow for a SELECT from `runs r`. */
export const RUN_SELECT_LIST = selectList([...RUN_FIELD_COLUMNS, 'layers_json', 'hyperparameters_json']);

/** The columns of a ListedRunRow for a SELECT from `runs r`. */
export const LISTED_RUN_SELECT_LIST = selectList([...RUN_FIELD_COLUMNS, 'layers_id', 'hyperparameters_id']);

/** Where the settings sit in a RunRow or ListedRunRow: right after the fields; then the real-world accuracy and views. */
const LAYERS_AT: RunFields['length'] = 25;
const HYPERPARAMETERS_AT = 26 as const;
const REAL_WORLD_AT = 27 as const;
const REAL_WORLD_VIEWS_AT = 28 as const;

export interface TagRow {
  run_id: number;
  tag: string;
}

/**
 * One point of a metric series as a raw row: long runs have tens of thousands, so no per-row
 * objects from SQLite, and the series' name and split are not repeated on every row.
 */
export type SeriesPointRow = [step: number, epoch: number, value: number | null, special: SpecialNumber | null, time: number];

/** A metric point as one object: for reads of a few new points, where no columns are worth building. */
export interface PointRow {
  name: MetricName;
  split: MetricSplit;
  kind: MetricKind;
  step: number;
  epoch: number;
  value: number | null;
  special: SpecialNumber | null;
  time: number;
}

/** A point read by number, for following a run. */
export type PointSinceRow = PointRow & { id: number };

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
  const keptElsewhere: Pick<RunSummary, 'layers' | 'hyperparameters' | 'tags' | 'realWorldAccuracy' | 'realWorldViews'> = {
    layers,
    hyperparameters,
    tags,
    realWorldAccuracy: row[REAL_WORLD_AT],
    realWorldViews: row[REAL_WORLD_VIEWS_AT],
  };
  // Keys in the order RunSummary declares them: JSON output (mnist-lab runs --json) keeps that order.
  const summary: Record<string, unknown> = {};
  let column = 0;
  for (const [key, stored] of SUMMARY_FIELDS) {
    summary[key] = stored === null ? keptElsewhere[key as keyof typeof keptElsewhere] : row[column++];
  }
  summary.starred = summary.starred === 1;
  return summary as unknown as RunSummary;
}

/** A series' raw rows as columns. */
export function toMetricSeries(key: Pick<MetricSeries, 'name' | 'split' | 'kind'>, rows: SeriesPointRow[]): MetricSeries {
  const n = rows.length;
  const series: MetricSeries = { name: key.name, split: key.split, kind: key.kind, step: new Float64Array(n), epoch: new Float64Array(n), value: new Float64Array(n), time: new Float64Array(n) };
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
