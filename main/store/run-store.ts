/**
 * The SQLite run store: one connection to the record of every run, its metrics, test results and
 * saved models, shared by every MNIST Lab process on the data folder (each writes its own runs).
 * Statements are prepared once; anything that reads before it writes runs in an IMMEDIATE
 * transaction so a second connection (the CLI, another window) cannot slip in between.
 */
import path from 'node:path';
import type { MetricSeries, MetricsSince } from '../../common/training/metric-series';
import {
  FINISHED_STATUSES,
  type BackendInfo,
  type MetricPoint,
  type ModelFileInfo,
  type ModelKind,
  type RunDetail,
  type RunResults,
  type RunStatus,
  type RunSummary,
} from '../../common/training/run';
import { InvalidRunInputError, RunNotFoundError } from './errors';
import { assertKnownVersion, migrate } from './migrate';
import { checkDatabaseHeader, describeOpenProblem } from './open-problems';
import { openDatabase, readDatabaseVersion, type Database } from './open';
import { isOwnerGone, newOwner, setOwnerLive, type RunOwner } from './owner';
import {
  checkBackendInfo,
  checkEpoch,
  checkMetricPoint,
  checkModel,
  checkNotes,
  checkParams,
  checkParent,
  checkRunName,
  checkTestResults,
  normalizeTags,
  type TestResultsInput,
} from './run-input';
import { listRunSummaries, readMetricSeries, readMetricsSince, readRunResults } from './run-reads';
import { toModelFileInfo, toRunSummary } from './run-rows';
import { registerSearchFunctions } from './run-search';
import { encodeNumber, stringifyKeepingSpecialNumbers } from './special-numbers';
import { prepareStatements, type Statements } from './statements';
import { assertDeletable, assertStatusChange } from './status-rules';
import { createStoreParts, type StoreParts } from './store-parts';
import type { NewRun, RunPatch, RunQuery, RunStore } from './types';

export interface RunStoreOptions {
  /** Clock for created/started/finished times; tests pass their own. */
  now?: () => number;
  /** Who owns the runs this store creates; a new identity of this process by default. */
  owner?: RunOwner;
}

/**
 * Opens the store in `file` (':memory:' for a throwaway one), creating and migrating it as
 * needed. A file that cannot be used is refused with a DataFolderError before anything changes
 * it: NewerDatabaseError for one from a newer MNIST Lab, 'damaged' for one cut short or not a
 * database, 'unreadable' for one out of reach.
 */
export function openRunStore(file: string, options: RunStoreOptions = {}): RunStore {
  const storeFile = file === ':memory:' ? file : path.resolve(file);
  let db: Database | undefined;
  try {
    checkDatabaseHeader(storeFile);
    assertKnownVersion(readDatabaseVersion(file), undefined, storeFile);
    db = openDatabase(file);
    migrate(db);
    registerSearchFunctions(db);
    const now = options.now ?? Date.now;
    const owner = options.owner ?? newOwner();
    return new SqliteRunStore(storeFile, db, prepareStatements(db), now, owner, createStoreParts(db, now, owner));
  } catch (error) {
    db?.close();
    throw describeOpenProblem(storeFile, error);
  }
}

class SqliteRunStore implements RunStore {
  constructor(
    readonly file: string,
    private readonly db: Database,
    private readonly sql: Statements,
    private readonly now: () => number,
    private readonly owner: RunOwner,
    parts: StoreParts,
  ) {
    ({ sweeps: this.sweeps, changes: this.changes, trash: this.trash, realWorld: this.realWorld, slurm: this.slurm, settings: this.settings } = parts);
    setOwnerLive(owner, true);
  }

  readonly sweeps: StoreParts['sweeps'];
  readonly changes: StoreParts['changes'];
  readonly trash: StoreParts['trash'];
  readonly realWorld: StoreParts['realWorld'];
  readonly slurm: StoreParts['slurm'];
  readonly settings: StoreParts['settings'];

  createRun(run: NewRun): RunSummary {
    const name = checkRunName(run.name);
    const params = checkParams(run.params);
    if (!Array.isArray(run.layers)) throw new InvalidRunInputError('A run needs its list of layers.');
    if (typeof run.hyperparameters !== 'object' || run.hyperparameters === null) {
      throw new InvalidRunInputError('A run needs its training settings.');
    }
    const parent = checkParent(run.parent);
    if (parent && !this.sql.selectStatus.get(parent.runId)) throw new RunNotFoundError(parent.runId);
    const result = this.sql.insertRun.run({
      name,
      presetId: run.presetId ?? null,
      layersJson: JSON.stringify(run.layers),
      hyperparametersJson: JSON.stringify(run.hyperparameters),
      params,
      seed: run.hyperparameters.seed,
      createdAt: this.now(),
      ownerPid: this.owner.pid,
      ownerToken: this.owner.token,
      ownerStartedAt: this.owner.startedAt,
      parentRunId: parent?.runId ?? null,
      relation: parent?.relation ?? null,
    });
    return this.requireRun(Number(result.lastInsertRowid));
  }

  markRunning(id: number, info: BackendInfo): void {
    checkBackendInfo(info);
    this.write(() => {
      assertStatusChange(id, this.requireStatus(id), 'running');
      this.sql.markRunning.run({
        id,
        backend: info.backend,
        device: info.device,
        tfjsVersion: info.tfjsVersion,
        threads: info.threads,
        now: this.now(),
      });
    });
  }

  appendMetrics(id: number, points: MetricPoint[]): void {
    points.forEach(checkMetricPoint);
    this.write(() => {
      this.requireStatus(id);
      for (const p of points) {
        const { value, special } = encodeNumber(p.value);
        this.sql.insertMetric.run({
          runId: id,
          name: p.name,
          split: p.split,
          kind: p.kind,
          step: p.step,
          epoch: p.epoch,
          value,
          special,
          time: p.time,
        });
      }
    });
  }

  recordEpoch(id: number, epoch: number, valAccuracy: number): void {
    checkEpoch(epoch);
    const changed = this.sql.recordEpoch.run({ id, epoch, accuracy: valAccuracy }).changes;
    if (changed === 0) throw new RunNotFoundError(id);
  }

  recordModel(id: number, model: ModelFileInfo): void {
    checkModel(model);
    this.write(() => {
      this.requireStatus(id);
      this.sql.upsertModel.run({ id, ...model, now: this.now() });
    });
  }

  recordTestResults(id: number, r: TestResultsInput): void {
    const labels = checkTestResults(r);
    this.write(() => {
      this.requireStatus(id);
      this.sql.recordTestScores.run({ id, loss: r.testLoss, accuracy: r.testAccuracy });
      this.sql.upsertConfusion.run({
        id,
        matrixJson: stringifyKeepingSpecialNumbers(r.confusion),
        perClassJson: stringifyKeepingSpecialNumbers(r.perClass),
        predictions: Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength),
      });
    });
  }

  getPredictions(id: number): Uint8Array | null {
    const bytes = this.sql.selectPredictions.get(id);
    // A copy as a plain Uint8Array: Buffers do not cross IPC as typed arrays.
    return bytes === undefined ? null : new Uint8Array(bytes);
  }

  finishRun(id: number, status: Exclude<RunStatus, 'queued' | 'running'>, error: string | null = null): void {
    if (!FINISHED_STATUSES.includes(status)) {
      throw new InvalidRunInputError(`"${String(status)}" is not a status a run can finish with.`);
    }
    this.write(() => {
      const from = this.requireStatus(id);
      assertStatusChange(id, from, status);
      this.sql.finishRun.run({ id, from, status, error, now: this.now() });
    });
  }

  recoverInterrupted(reason: string): number[] {
    return this.write(() => {
      // Runs another live process queued are its to train: only orphans are recovered.
      const orphans = this.sql.selectUnfinished
        .all()
        .filter((row) => isOwnerGone({ pid: row.owner_pid, token: row.owner_token, startedAt: row.owner_started_at }))
        .map((row) => row.id);
      const now = this.now();
      for (const id of orphans) this.sql.interrupt.run({ id, reason, now });
      return orphans;
    });
  }

  getRun(id: number): RunSummary | null {
    const row = this.sql.selectRun.get(id);
    return row ? toRunSummary(row, this.sql.selectTags.all(id)) : null;
  }

  getRunDetail(id: number): RunDetail | null {
    // One read transaction, so the run, its metrics and its results come from the same moment.
    return this.db.transaction((): RunDetail | null => {
      const results = this.getRunResults(id);
      if (!results) return null;
      const { metrics, upTo } = readMetricSeries(this.db, this.sql, id);
      return { ...results, metrics, metricsUpTo: upTo };
    })();
  }

  getRunResults(id: number): RunResults | null {
    // The run is read inside the same transaction as its results when getRunDetail calls this.
    return this.db.transaction(() => readRunResults(this.db, this.sql, this.getRun(id), this.realWorld))();
  }

  listRuns(query: RunQuery = {}): RunSummary[] {
    return listRunSummaries(this.db, this.sql, query);
  }

  getMetricSeries(id: number): MetricSeries[] {
    return readMetricSeries(this.db, this.sql, id).metrics;
  }

  getMetricsSince(id: number, after: number): MetricsSince {
    return readMetricsSince(this.sql, id, after);
  }

  getModel(id: number, kind: ModelKind): ModelFileInfo | null {
    const row = this.sql.selectModel.get(id, kind);
    return row ? toModelFileInfo(row) : null;
  }

  updateRun(id: number, patch: RunPatch): RunSummary {
    const name = patch.name === undefined ? null : checkRunName(patch.name);
    const notes = patch.notes === undefined ? null : checkNotes(patch.notes);
    const tags = patch.tags === undefined ? null : normalizeTags(patch.tags);
    const starred = patch.starred === undefined ? null : patch.starred ? 1 : 0;
    this.write(() => {
      this.requireStatus(id);
      this.sql.updateRunFields.run({ id, name, notes, starred });
      if (tags) {
        this.sql.deleteTags.run(id);
        tags.forEach((tag, position) => this.sql.insertTag.run(id, tag, position));
      }
    });
    return this.requireRun(id);
  }

  deleteRun(id: number): void {
    this.write(() => {
      assertDeletable(id, this.requireStatus(id));
      this.sql.softDelete.run({ id, now: this.now() });
    });
  }

  restoreRun(id: number): void {
    if (this.sql.restore.run(id).changes === 0) throw new RunNotFoundError(id);
  }

  close(): void {
    setOwnerLive(this.owner, false);
    if (this.db.open) this.db.close();
  }

  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private requireStatus(id: number): RunStatus {
    const row = this.sql.selectStatus.get(id);
    if (!row) throw new RunNotFoundError(id);
    return row.status;
  }

  private requireRun(id: number): RunSummary {
    const run = this.getRun(id);
    if (!run) throw new RunNotFoundError(id);
    return run;
  }
}
