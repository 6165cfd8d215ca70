/**
 * Sweeps and their trials in the run store's database (migration 004). A sweep's specification
 * and its trials' values are written once, with the sweep; what changes is its status, which
 * process drives it, which run each trial became, and where halving pruned one.
 */
import type { SweepSpec, SweepStatus, SweepValue, TrialPlan } from '../../common/sweeps/types';
import type { Database } from './open';
import { isOwnerGone, type RunOwner } from './owner';
import { parseKeepingSpecialNumbers, stringifyKeepingSpecialNumbers } from './special-numbers';

export interface StoredSweep {
  id: number;
  name: string;
  spec: SweepSpec;
  status: SweepStatus;
  createdAt: number;
  finishedAt: number | null;
}

export interface StoredTrial extends TrialPlan {
  runId: number | null;
  prunedAtEpoch: number | null;
}

export interface SweepStore {
  create(name: string, spec: SweepSpec, trials: readonly TrialPlan[]): StoredSweep;
  get(id: number): StoredSweep | null;
  /** Newest first. */
  list(): StoredSweep[];
  trials(id: number): StoredTrial[];
  setStatus(id: number, status: SweepStatus): void;
  /** Makes this process the sweep's driver. */
  claim(id: number): void;
  /** True when another live process drives the sweep. */
  drivenElsewhere(id: number): boolean;
  linkRun(sweepId: number, trialIndex: number, runId: number): void;
  markPruned(runId: number, epoch: number): void;
  trialOfRun(runId: number): { sweepId: number; index: number } | null;
}

interface SweepRow {
  id: number;
  name: string;
  spec_json: string;
  status: SweepStatus;
  created_at: number;
  finished_at: number | null;
}

interface TrialRow {
  trial_index: number;
  values_json: string;
  seed: number;
  run_id: number | null;
  pruned_at_epoch: number | null;
}

const toSweep = (r: SweepRow): StoredSweep => ({
  id: r.id,
  name: r.name,
  spec: parseKeepingSpecialNumbers(r.spec_json) as SweepSpec,
  status: r.status,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

export function createSweepStore(db: Database, now: () => number, owner: RunOwner): SweepStore {
  const insertSweep = db.prepare<[string, string, number, number, string, number]>(
    `INSERT INTO sweeps (name, spec_json, status, created_at, owner_pid, owner_token, owner_started_at) VALUES (?, ?, 'running', ?, ?, ?, ?)`,
  );
  const insertTrial = db.prepare<[number, number, string, number]>('INSERT INTO sweep_trials (sweep_id, trial_index, values_json, seed) VALUES (?, ?, ?, ?)');
  const selectSweep = db.prepare<[number], SweepRow>('SELECT * FROM sweeps WHERE id = ?');
  const selectSweeps = db.prepare<[], SweepRow>('SELECT * FROM sweeps ORDER BY created_at DESC, id DESC');
  const selectTrials = db.prepare<[number], TrialRow>('SELECT * FROM sweep_trials WHERE sweep_id = ? ORDER BY trial_index');
  const updateStatus = db.prepare<[SweepStatus, number | null, number]>('UPDATE sweeps SET status = ?, finished_at = ? WHERE id = ?');
  const updateOwner = db.prepare<[number, string, number, number]>('UPDATE sweeps SET owner_pid = ?, owner_token = ?, owner_started_at = ? WHERE id = ?');
  const selectOwner = db.prepare<[number], { pid: number | null; token: string | null; startedAt: number | null }>(
    'SELECT owner_pid AS pid, owner_token AS token, owner_started_at AS startedAt FROM sweeps WHERE id = ?',
  );
  const updateRun = db.prepare<[number, number, number]>('UPDATE sweep_trials SET run_id = ? WHERE sweep_id = ? AND trial_index = ? AND run_id IS NULL');
  const updatePruned = db.prepare<[number, number]>('UPDATE sweep_trials SET pruned_at_epoch = ? WHERE run_id = ?');
  const selectTrialOfRun = db.prepare<[number], { sweep_id: number; trial_index: number }>('SELECT sweep_id, trial_index FROM sweep_trials WHERE run_id = ?');

  const create = db.transaction((name: string, spec: SweepSpec, trials: readonly TrialPlan[]): number => {
    const id = Number(insertSweep.run(name, stringifyKeepingSpecialNumbers(spec), now(), owner.pid, owner.token, owner.startedAt).lastInsertRowid);
    for (const t of trials) insertTrial.run(id, t.index, JSON.stringify(t.values), t.seed);
    return id;
  });

  return {
    create(name, spec, trials) {
      return toSweep(selectSweep.get(create.immediate(name, spec, trials))!);
    },
    get(id) {
      const row = selectSweep.get(id);
      return row ? toSweep(row) : null;
    },
    list: () => selectSweeps.all().map(toSweep),
    trials: (id) =>
      selectTrials.all(id).map((r) => ({
        index: r.trial_index,
        values: JSON.parse(r.values_json) as Record<string, SweepValue>,
        seed: r.seed,
        runId: r.run_id,
        prunedAtEpoch: r.pruned_at_epoch,
      })),
    setStatus(id, status) {
      updateStatus.run(status, status === 'completed' || status === 'cancelled' ? now() : null, id);
    },
    claim(id) {
      updateOwner.run(owner.pid, owner.token, owner.startedAt, id);
    },
    drivenElsewhere(id) {
      const stored = selectOwner.get(id);
      if (!stored || stored.token === owner.token) return false;
      return !isOwnerGone(stored);
    },
    linkRun(sweepId, trialIndex, runId) {
      if (updateRun.run(runId, sweepId, trialIndex).changes !== 1) throw new Error(`Trial ${trialIndex} of sweep ${sweepId} already has a run.`);
    },
    markPruned(runId, epoch) {
      updatePruned.run(epoch, runId);
    },
    trialOfRun(runId) {
      const row = selectTrialOfRun.get(runId);
      return row ? { sweepId: row.sweep_id, index: row.trial_index } : null;
    },
  };
}
