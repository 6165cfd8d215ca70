/**
 * Every SQL statement the run store runs, prepared once per connection. Values always travel as
 * bound parameters; the only text joined into SQL is fixed (the column list, the search fragment).
 */
import type { MetricKind, MetricName, MetricSplit, RunRelation, RunRelative, RunStatus } from '../../common/training/run';
import type { Database } from './open';
import { LISTED_RUN_SELECT_LIST, RUN_SELECT_LIST } from './run-rows';
import type { ConfusionRow, ListedRunRow, ModelRow, PointSinceRow, RunRow, SeriesPointRow, TagRow } from './run-rows';
import { SEARCH_CONDITION } from './run-search';
import type { SettingsTextRow } from './settings-texts';

const IMPROVES_BEST = '@accuracy IS NOT NULL AND (best_val_accuracy IS NULL OR @accuracy > best_val_accuracy)';

export interface NewRunRow {
  name: string;
  presetId: string | null;
  layersJson: string;
  hyperparametersJson: string;
  params: number;
  seed: number;
  createdAt: number;
  ownerPid: number;
  ownerToken: string;
  ownerStartedAt: number;
  parentRunId: number | null;
  relation: RunRelation | null;
}

/** A family member's columns, named as RunRelative names them. */
const RELATIVE_COLUMNS = 'id, name, status, parent_relation AS relation, created_at AS createdAt, deleted_at AS deletedAt';

export interface UnfinishedRow {
  id: number;
  owner_pid: number | null;
  owner_token: string | null;
  owner_started_at: number | null;
}

export interface ListParams {
  /** Deleted runs (in the trash): left out, listed with the rest, or the only ones listed. */
  deleted: 'hide' | 'include' | 'only';
  starred: 0 | 1 | null;
  /** JSON array of statuses, or null for any status. */
  statuses: string | null;
  /** The search's words as JSON (run-search.ts), or null for no search. */
  words: string | null;
  /** -1 for no limit. */
  limit: number;
  /** The listing continues after this run (ListingCursor), or null from the start. */
  afterCreatedAt: number | null;
  afterId: number | null;
}

export function prepareStatements(db: Database) {
  return {
    insertRun: db.prepare<NewRunRow>(
      `INSERT INTO runs (name, status, preset_id, layers_json, hyperparameters_json, params, seed, created_at,
         owner_pid, owner_token, owner_started_at, parent_run_id, parent_relation)
       VALUES (@name, 'queued', @presetId, @layersJson, @hyperparametersJson, @params, @seed, @createdAt,
         @ownerPid, @ownerToken, @ownerStartedAt, @parentRunId, @relation)`,
    ),
    selectRelative: db.prepare<[number], RunRelative>(`SELECT ${RELATIVE_COLUMNS} FROM runs WHERE id = ?`),
    selectChildren: db.prepare<[number], RunRelative>(
      `SELECT ${RELATIVE_COLUMNS} FROM runs WHERE parent_run_id = ? ORDER BY created_at, id`,
    ),
    selectRun: db.prepare<[number], RunRow>(`SELECT ${RUN_SELECT_LIST} FROM runs r WHERE r.id = ?`).raw(),
    selectStatus: db.prepare<[number], { status: RunStatus }>('SELECT status FROM runs WHERE id = ?'),
    // Settings come as ids: the texts behind them are read once per listing (selectSettingsTexts).
    listRuns: db.prepare<ListParams, ListedRunRow>(
      `SELECT ${LISTED_RUN_SELECT_LIST} FROM runs r
       WHERE CASE @deleted WHEN 'include' THEN 1 WHEN 'only' THEN r.deleted_at IS NOT NULL ELSE r.deleted_at IS NULL END
         AND (@starred IS NULL OR r.starred = @starred)
         AND (@statuses IS NULL OR r.status IN (SELECT value FROM json_each(@statuses)))
         AND (@words IS NULL OR ${SEARCH_CONDITION})
         AND (@afterCreatedAt IS NULL OR (r.created_at, r.id) < (@afterCreatedAt, @afterId))
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT @limit`,
    ).raw(),
    selectUnfinished: db.prepare<[], UnfinishedRow>(
      // A run Slurm trains outlives its submitting process: the next one follows it again (main/slurm).
      `SELECT id, owner_pid, owner_token, owner_started_at FROM runs WHERE status IN ('queued', 'running')
         AND id NOT IN (SELECT run_id FROM slurm_jobs WHERE ended_at IS NULL) ORDER BY id`,
    ),

    markRunning: db.prepare<{
      id: number;
      backend: string;
      device: string;
      tfjsVersion: string;
      threads: number;
      now: number;
    }>(
      `UPDATE runs SET status = 'running', backend = @backend, device = @device, tfjs_version = @tfjsVersion,
         threads = @threads, started_at = @now
       WHERE id = @id AND status = 'queued'`,
    ),
    finishRun: db.prepare<{ id: number; from: RunStatus; status: RunStatus; error: string | null; now: number }>(
      `UPDATE runs SET status = @status, error = @error, finished_at = @now WHERE id = @id AND status = @from`,
    ),
    // In an UPDATE every right-hand side sees the old row, so best_epoch and best_val_accuracy
    // compare against the same previous best. A NaN accuracy binds as NULL and never wins.
    recordEpoch: db.prepare<{ id: number; epoch: number; accuracy: number }>(
      `UPDATE runs SET
         epochs_done = @epoch,
         final_val_accuracy = @accuracy,
         best_epoch = CASE WHEN ${IMPROVES_BEST} THEN @epoch ELSE best_epoch END,
         best_val_accuracy = CASE WHEN ${IMPROVES_BEST} THEN @accuracy ELSE best_val_accuracy END
       WHERE id = @id`,
    ),
    recordTestScores: db.prepare<{ id: number; loss: number; accuracy: number }>(
      'UPDATE runs SET test_loss = @loss, test_accuracy = @accuracy WHERE id = @id',
    ),
    updateRunFields: db.prepare<{ id: number; name: string | null; notes: string | null; starred: 0 | 1 | null }>(
      `UPDATE runs SET name = COALESCE(@name, name), notes = COALESCE(@notes, notes),
         starred = COALESCE(@starred, starred)
       WHERE id = @id`,
    ),
    softDelete: db.prepare<{ id: number; now: number }>(
      'UPDATE runs SET deleted_at = @now WHERE id = @id AND deleted_at IS NULL',
    ),
    restore: db.prepare<[number]>('UPDATE runs SET deleted_at = NULL WHERE id = ?'),
    interrupt: db.prepare<{ id: number; reason: string; now: number }>(
      `UPDATE runs SET status = 'interrupted', error = @reason, finished_at = @now
       WHERE id = @id AND status IN ('queued', 'running')`,
    ),

    selectSettingsTexts: db.prepare<[string], SettingsTextRow>(
      'SELECT id, json FROM settings_texts WHERE id IN (SELECT value FROM json_each(?))',
    ).raw(),

    selectTags: db.prepare<[number], string>('SELECT tag FROM tags WHERE run_id = ? ORDER BY position').pluck(),
    selectTagsOfRuns: db.prepare<[string], TagRow>(
      `SELECT run_id, tag FROM tags WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, position`,
    ),
    deleteTags: db.prepare<[number]>('DELETE FROM tags WHERE run_id = ?'),
    insertTag: db.prepare<[number, string, number]>('INSERT INTO tags (run_id, tag, position) VALUES (?, ?, ?)'),

    insertMetric: db.prepare<{
      runId: number;
      name: string;
      split: string;
      kind: MetricKind;
      step: number;
      epoch: number;
      value: number | null;
      special: string | null;
      time: number;
    }>(
      `INSERT INTO metrics (run_id, name, split, kind, step, epoch, value, special, time)
       VALUES (@runId, @name, @split, @kind, @step, @epoch, @value, @special, @time)`,
    ),
    selectMetricSeriesKeys: db.prepare<[number], { name: MetricName; split: MetricSplit; kind: MetricKind }>(
      'SELECT DISTINCT name, split, kind FROM metrics WHERE run_id = ? ORDER BY name, split, kind',
    ),
    // The index (run_id, name, split, kind, step) gives this order without a sort; rowid keeps points
    // of one step in the order they were recorded. No name, split or kind per row: they are the series'.
    selectSeriesPoints: db.prepare<[number, string, string, string], SeriesPointRow>(
      `SELECT step, epoch, value, special, time FROM metrics
       WHERE run_id = ? AND name = ? AND split = ? AND kind = ? ORDER BY step, rowid`,
    ).raw(),

    // By point number: only the points newer than `id` are read, whatever the run's history
    // (`+run_id` keeps the planner from scanning the run's whole series index instead).
    selectPointsSince: db.prepare<[number, number], PointSinceRow>(
      `SELECT id, name, split, kind, step, epoch, value, special, time FROM metrics WHERE +run_id = ? AND id > ? ORDER BY id`,
    ),
    selectLastPoint: db.prepare<[number], number | null>('SELECT MAX(id) FROM metrics WHERE run_id = ?').pluck(),
    // Point numbers are never handed out again (AUTOINCREMENT): every later point comes after this one.
    selectNewestPoint: db.prepare<[], number | null>('SELECT MAX(id) FROM metrics').pluck(),

    upsertConfusion: db.prepare<{ id: number; matrixJson: string; perClassJson: string; predictions: Buffer }>(
      `INSERT INTO confusion (run_id, matrix_json, per_class_json, predictions)
       VALUES (@id, @matrixJson, @perClassJson, @predictions)
       ON CONFLICT (run_id) DO UPDATE SET matrix_json = excluded.matrix_json,
         per_class_json = excluded.per_class_json, predictions = excluded.predictions`,
    ),
    selectConfusion: db.prepare<[number], ConfusionRow>(
      'SELECT matrix_json, per_class_json FROM confusion WHERE run_id = ?',
    ),
    selectPredictions: db.prepare<[number], Buffer>('SELECT predictions FROM confusion WHERE run_id = ?').pluck(),

    upsertModel: db.prepare<{
      id: number;
      kind: string;
      path: string;
      sha256: string;
      bytes: number;
      epoch: number;
      now: number;
    }>(
      `INSERT INTO models (run_id, kind, path, sha256, bytes, epoch, created_at)
       VALUES (@id, @kind, @path, @sha256, @bytes, @epoch, @now)
       ON CONFLICT (run_id, kind) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256,
         bytes = excluded.bytes, epoch = excluded.epoch, created_at = excluded.created_at`,
    ),
    selectModel: db.prepare<[number, string], ModelRow>(
      'SELECT kind, path, sha256, bytes, epoch FROM models WHERE run_id = ? AND kind = ?',
    ),
    selectModels: db.prepare<[number], ModelRow>(
      `SELECT kind, path, sha256, bytes, epoch FROM models WHERE run_id = ? ORDER BY kind = 'best', kind`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
