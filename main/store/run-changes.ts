/**
 * What other processes on the same data folder changed, read cheaply. Several processes write one
 * database (the app or `mnist-lab serve`, and command lines), each with its own training queue.
 * PRAGMA data_version on this store's own connection moves only when another connection
 * committed, so polling it costs next to nothing while nobody else writes. When it moves, the
 * change sequences of migration 006 and the metrics' ids (AUTOINCREMENT: never handed out twice)
 * say what is new since last time.
 * Cancel requests for a run owned by another process go through its row, where the owner reads them.
 */
import type { MetricPoint, RunStatus } from '../../common/training/run';
import type { Database } from './open';
import type { RunOwner, StoredOwner } from './owner';
import type { PointRow } from './run-rows';
import { decodeNumber } from './special-numbers';

/** Where a reader stands: the last run change, sweep change and metric point it has seen. */
export interface ChangeCursor {
  runSeq: number;
  sweepSeq: number;
  metricRow: number;
}

/** A metric point of a run owned by another process, as recorded. */
export type RecordedPoint = MetricPoint & { runId: number };

export interface Changes {
  cursor: ChangeCursor;
  /** Runs written since the cursor (by anyone: this process's own writes are counted too). */
  runIds: number[];
  sweepIds: number[];
  /** New points of runs this store does not own, in the order they were recorded. */
  points: RecordedPoint[];
}

/** A queued or running run and the process that owns it. */
export interface UnfinishedRun {
  id: number;
  status: Extract<RunStatus, 'queued' | 'running'>;
  owner: StoredOwner;
}

export interface RunChanges {
  /** Changes whenever another connection committed to the database; cheap to call often. */
  dataVersion(): number;
  /** Everything recorded so far counts as seen. */
  cursor(): ChangeCursor;
  since(cursor: ChangeCursor): Changes;
  /** Queued and running runs that this store does not own, oldest first. */
  unfinishedElsewhere(): UnfinishedRun[];
  /** Asks the owner of a queued or running run to cancel it; false when the run is no longer either. */
  requestCancel(id: number, byPid: number): boolean;
  /** Runs this store owns that another process asked to cancel. */
  cancelRequestedHere(): number[];
  /** Who asked to cancel a run, if another process did. */
  cancelRequest(id: number): { at: number; byPid: number } | null;
}

/** A new point of any run, with its number and its run. */
type ChangedPointRow = PointRow & { row: number; run_id: number };

interface UnfinishedRow {
  id: number;
  status: 'queued' | 'running';
  pid: number | null;
  token: string | null;
  startedAt: number | null;
}

export function createRunChanges(db: Database, owner: RunOwner, now: () => number): RunChanges {
  const tops = db.prepare<[], { runSeq: number | null; sweepSeq: number | null; metricRow: number | null }>(
    `SELECT (SELECT MAX(change_seq) FROM runs) AS runSeq, (SELECT MAX(change_seq) FROM sweeps) AS sweepSeq,
       (SELECT MAX(rowid) FROM metrics) AS metricRow`,
  );
  const changedRuns = db.prepare<[number], number>('SELECT id FROM runs WHERE change_seq > ? ORDER BY change_seq').pluck();
  const changedSweeps = db.prepare<[number], number>('SELECT id FROM sweeps WHERE change_seq > ? ORDER BY change_seq').pluck();
  // owner_token IS NOT: runs written before owners were recorded have none and are never ours.
  const newPoints = db.prepare<{ after: number; upTo: number; token: string }, ChangedPointRow>(
    `SELECT m.rowid AS row, m.run_id, m.name, m.split, m.kind, m.step, m.epoch, m.value, m.special, m.time
     FROM metrics m JOIN runs r ON r.id = m.run_id
     WHERE m.rowid > @after AND m.rowid <= @upTo AND r.owner_token IS NOT @token
     ORDER BY m.rowid`,
  );
  const unfinished = db.prepare<[string], UnfinishedRow>(
    `SELECT id, status, owner_pid AS pid, owner_token AS token, owner_started_at AS startedAt FROM runs
     WHERE status IN ('queued', 'running') AND owner_token IS NOT ? ORDER BY id`,
  );
  const markCancel = db.prepare<{ id: number; at: number; byPid: number }>(
    `UPDATE runs SET cancel_requested_at = @at, cancel_requested_by = @byPid
     WHERE id = @id AND status IN ('queued', 'running')`,
  );
  const requestedHere = db
    .prepare<[string], number>(
      `SELECT id FROM runs WHERE cancel_requested_at IS NOT NULL AND status IN ('queued', 'running') AND owner_token = ? ORDER BY id`,
    )
    .pluck();
  const selectRequest = db.prepare<[number], { at: number | null; byPid: number | null }>(
    'SELECT cancel_requested_at AS at, cancel_requested_by AS byPid FROM runs WHERE id = ?',
  );

  const cursor = (): ChangeCursor => {
    const top = tops.get();
    return { runSeq: top?.runSeq ?? 0, sweepSeq: top?.sweepSeq ?? 0, metricRow: top?.metricRow ?? 0 };
  };

  return {
    dataVersion: () => db.pragma('data_version', { simple: true }) as number,
    cursor,
    // One read transaction: the runs, sweeps and points all come from the same moment.
    since: db.transaction((from: ChangeCursor): Changes => {
      const to = cursor();
      const points = newPoints.all({ after: from.metricRow, upTo: to.metricRow, token: owner.token }).map((p) => ({
        runId: p.run_id,
        name: p.name,
        split: p.split,
        kind: p.kind,
        step: p.step,
        epoch: p.epoch,
        value: decodeNumber(p),
        time: p.time,
      }));
      return { cursor: to, runIds: changedRuns.all(from.runSeq), sweepIds: changedSweeps.all(from.sweepSeq), points };
    }),
    unfinishedElsewhere: () =>
      unfinished.all(owner.token).map((r) => ({ id: r.id, status: r.status, owner: { pid: r.pid, token: r.token, startedAt: r.startedAt } })),
    requestCancel: (id, byPid) => markCancel.run({ id, at: now(), byPid }).changes === 1,
    cancelRequestedHere: () => requestedHere.all(owner.token),
    cancelRequest(id) {
      const row = selectRequest.get(id);
      return row?.at == null ? null : { at: row.at, byPid: row.byPid ?? 0 };
    },
  };
}
