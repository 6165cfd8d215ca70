/**
 * Runs trained as Slurm jobs (migration 009). The submitting process follows each job's events
 * file and records how far it got (`eventsOffset`) in the same transaction as the events, so a
 * process started later continues exactly where the last one stopped: nothing twice, nothing lost.
 */
import type { SlurmSettings } from '../../common/compute/compute-target';
import type { Database } from './open';
import { isOwnerGone, type RunOwner } from './owner';

export interface SlurmJobRow {
  runId: number;
  submission: string;
  taskIndex: number;
  /** `123_4` (array job 123, task 4); null until sbatch answered. */
  jobId: string | null;
  runDir: string;
  settings: SlurmSettings;
  eventsOffset: number;
  state: string | null;
  reason: string | null;
  cancelRequested: boolean;
  submittedAt: number;
  endedAt: number | null;
  /** The run's owner token when read: who followed it. */
  ownerToken: string | null;
}

export interface SlurmJobStore {
  /** Records a submission's runs before sbatch is called (with no job ids yet). */
  add(rows: readonly { runId: number; submission: string; taskIndex: number; runDir: string }[], settings: SlurmSettings): void;
  setJobIds(submission: string, arrayJobId: string): void;
  get(runId: number): SlurmJobRow | null;
  /** Jobs not yet ended whose follower is this process or a process that is gone. */
  inFlightToFollow(): SlurmJobRow[];
  /**
   * Makes this process the follower (the run's owner), so no other process interrupts or follows it.
   * False when another process claimed it first (its owner is no longer the one `row` was read with).
   */
  claim(row: SlurmJobRow): boolean;
  setState(runId: number, state: string, reason: string | null): void;
  requestCancel(runId: number): void;
  /** Runs `record` and moves the offset in one transaction. */
  recordThen(runId: number, offset: number, record: () => void): void;
  markEnded(runId: number): void;
}

interface Row {
  run_id: number;
  submission: string;
  task_index: number;
  job_id: string | null;
  run_dir: string;
  settings_json: string;
  events_offset: number;
  state: string | null;
  reason: string | null;
  cancel_requested: number;
  submitted_at: number;
  ended_at: number | null;
  owner_pid: number | null;
  owner_token: string | null;
  owner_started_at: number | null;
}

const toJob = (r: Row): SlurmJobRow => ({
  runId: r.run_id,
  submission: r.submission,
  taskIndex: r.task_index,
  jobId: r.job_id,
  runDir: r.run_dir,
  settings: JSON.parse(r.settings_json) as SlurmSettings,
  eventsOffset: r.events_offset,
  state: r.state,
  reason: r.reason,
  cancelRequested: r.cancel_requested === 1,
  submittedAt: r.submitted_at,
  endedAt: r.ended_at,
  ownerToken: r.owner_token,
});

const SELECT = `SELECT j.*, r.owner_pid, r.owner_token, r.owner_started_at FROM slurm_jobs j JOIN runs r ON r.id = j.run_id`;

export function createSlurmJobStore(db: Database, now: () => number, owner: RunOwner): SlurmJobStore {
  const insert = db.prepare<[number, string, number, string, string, number]>(
    'INSERT INTO slurm_jobs (run_id, submission, task_index, run_dir, settings_json, submitted_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const updateJobIds = db.prepare<[string, string]>(`UPDATE slurm_jobs SET job_id = ? || '_' || task_index WHERE submission = ?`);
  const selectOne = db.prepare<[number], Row>(`${SELECT} WHERE j.run_id = ?`);
  const selectInFlight = db.prepare<[], Row>(`${SELECT} WHERE j.ended_at IS NULL ORDER BY j.run_id`);
  const updateOwner = db.prepare<[number, string, number, number, string | null]>(
    'UPDATE runs SET owner_pid = ?, owner_token = ?, owner_started_at = ? WHERE id = ? AND owner_token IS ?',
  );
  const updateState = db.prepare<[string, string | null, number]>('UPDATE slurm_jobs SET state = ?, reason = ? WHERE run_id = ?');
  const updateCancel = db.prepare<[number]>('UPDATE slurm_jobs SET cancel_requested = 1 WHERE run_id = ?');
  const updateOffset = db.prepare<[number, number]>('UPDATE slurm_jobs SET events_offset = ? WHERE run_id = ?');
  const updateEnded = db.prepare<[number, number]>('UPDATE slurm_jobs SET ended_at = ? WHERE run_id = ? AND ended_at IS NULL');

  const addAll = db.transaction((rows: Parameters<SlurmJobStore['add']>[0], settings: SlurmSettings) => {
    for (const r of rows) insert.run(r.runId, r.submission, r.taskIndex, r.runDir, JSON.stringify(settings), now());
  });

  return {
    add: (rows, settings) => addAll.immediate(rows, settings),
    setJobIds: (submission, arrayJobId) => void updateJobIds.run(arrayJobId, submission),
    get(runId) {
      const row = selectOne.get(runId);
      return row ? toJob(row) : null;
    },
    inFlightToFollow: () =>
      selectInFlight
        .all()
        .filter((r) => r.owner_token === owner.token || isOwnerGone({ pid: r.owner_pid, token: r.owner_token, startedAt: r.owner_started_at }))
        .map(toJob),
    claim: (row) => row.ownerToken === owner.token || updateOwner.run(owner.pid, owner.token, owner.startedAt, row.runId, row.ownerToken).changes === 1,
    setState: (runId, state, reason) => void updateState.run(state, reason, runId),
    requestCancel: (runId) => void updateCancel.run(runId),
    recordThen(runId, offset, record) {
      db.transaction(() => {
        record();
        updateOffset.run(offset, runId);
      }).immediate();
    },
    markEnded: (runId) => void updateEnded.run(now(), runId),
  };
}
