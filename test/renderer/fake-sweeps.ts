/**
 * The sweep calls of the fake API, following main/sweeps/sweep-driver.ts: a sweep is planned by
 * the shared planner and refused with every problem; its trials start one at a time as runs; a
 * finished run starts the next pending trial, and the last one completes the sweep; pausing lets
 * the running trial finish and starts no other; cancelling cancels the running trial. Summaries
 * and details come from the shared common/sweeps/sweep-view, as the services build them.
 */
import type { LabCalls, LabError, LabEvents, Result, StartRunRequest } from '../../common/ipc/contract';
import { applyTrial, planTrials } from '../../common/sweeps/plan';
import { describeSweep, type SweepRecord, type TrialRecord } from '../../common/sweeps/sweep-view';
import type { SweepSummary } from '../../common/sweeps/types';
import { FINISHED_STATUSES, type RunSummary } from '../../common/training/run';

export interface FakeSweepHost {
  /** Starts a run as startRun does; returns its id. */
  launch(request: StartRunRequest): number;
  cancel(runId: number): void;
  run(runId: number): RunSummary | null;
  emit<E extends 'sweepChanged'>(event: E, payload: LabEvents[E]): void;
}

type SweepCalls = Pick<LabCalls, 'planSweep' | 'startSweep' | 'listSweeps' | 'getSweep' | 'pauseSweep' | 'resumeSweep' | 'cancelSweep'>;
export type SweepImplementations = { [K in keyof SweepCalls]: (...args: Parameters<SweepCalls[K]>) => Result<ReturnType<SweepCalls[K]>> };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (error: LabError): Result<never> => ({ ok: false, error });

export function createFakeSweeps(host: FakeSweepHost): SweepImplementations & {
  /** Tells the sweeps a run ended (the services learn it from the run's training events). */
  runEnded(runId: number): void;
  /** Halving stopped this run at an epoch: its trial is pruned and the run cancelled. */
  prune(runId: number, epoch: number): void;
} {
  const sweeps = new Map<number, SweepRecord>();
  const trials = new Map<number, TrialRecord[]>();
  let nextId = 1;

  const detail = (sweep: SweepRecord) => describeSweep(sweep, trials.get(sweep.id) ?? [], host.run);
  function summary(sweep: SweepRecord): SweepSummary {
    const { trials: _trials, runs: _runs, ...rest } = detail(sweep);
    return structuredClone(rest);
  }
  const changed = (sweep: SweepRecord): void => host.emit('sweepChanged', summary(sweep));
  const active = (id: number): number[] =>
    (trials.get(id) ?? []).filter((t) => t.runId !== null && !FINISHED_STATUSES.includes(host.run(t.runId)?.status ?? 'completed')).map((t) => t.runId!);

  function withSweep<T>(id: number, action: (sweep: SweepRecord) => Result<T>): Result<T> {
    const sweep = sweeps.get(id);
    return sweep ? action(sweep) : fail({ code: 'not-found', message: `There is no sweep ${id}.` });
  }

  function end(sweep: SweepRecord, status: 'completed' | 'cancelled'): void {
    sweep.status = status;
    sweep.finishedAt = Date.now();
  }

  function advance(sweep: SweepRecord): void {
    if (sweep.status !== 'running' || active(sweep.id).length > 0) return;
    const next = trials.get(sweep.id)!.find((t) => t.runId === null);
    if (!next) {
      end(sweep, 'completed');
      changed(sweep);
      return;
    }
    const { layers, hyperparameters } = applyTrial(sweep.spec, next);
    next.runId = host.launch({ name: `${sweep.name} · #${next.index + 1} seed ${next.seed}`, presetId: sweep.spec.presetId ?? null, layers, hyperparameters });
    changed(sweep);
  }

  const trialOfRun = (runId: number): { sweep: SweepRecord; trial: TrialRecord } | null => {
    for (const [id, list] of trials) {
      const trial = list.find((t) => t.runId === runId);
      if (trial) return { sweep: sweeps.get(id)!, trial };
    }
    return null;
  };

  return {
    planSweep: (spec) => ok({ ...planTrials(spec), estimateSeconds: null }),
    startSweep: (spec) => {
      const plan = planTrials(spec);
      if (plan.issues.length > 0) {
        const count = plan.issues.length === 1 ? 'one problem' : `${plan.issues.length} problems`;
        return fail({ code: 'invalid-input', message: `This sweep cannot start: ${count} to fix.`, issues: plan.issues });
      }
      const id = nextId++;
      const sweep: SweepRecord = { id, name: spec.name?.trim() || `Sweep ${id}`, spec: structuredClone(spec), status: 'running', createdAt: Date.now(), finishedAt: null };
      sweeps.set(id, sweep);
      trials.set(id, plan.trials.map((t) => ({ ...t, runId: null, prunedAtEpoch: null })));
      advance(sweep);
      return ok(summary(sweep));
    },
    listSweeps: () => ok([...sweeps.values()].sort((a, b) => b.id - a.id).map(summary)),
    getSweep: (id) => withSweep(id, (sweep) => ok(structuredClone(detail(sweep)))),
    pauseSweep: (id) =>
      withSweep(id, (sweep) => {
        if (sweep.status !== 'running') return fail({ code: 'conflict', message: `Sweep ${id} is ${sweep.status}; only a running sweep can be paused.` });
        sweep.status = 'paused';
        changed(sweep);
        return ok(summary(sweep));
      }),
    resumeSweep: (id) =>
      withSweep(id, (sweep) => {
        if (sweep.status !== 'paused' && sweep.status !== 'running') return fail({ code: 'conflict', message: `Sweep ${id} is ${sweep.status}; only a paused sweep can be resumed.` });
        sweep.status = 'running';
        advance(sweep);
        return ok(summary(sweep));
      }),
    cancelSweep: (id) =>
      withSweep(id, (sweep) => {
        if (sweep.status === 'completed' || sweep.status === 'cancelled') return fail({ code: 'conflict', message: `Sweep ${id} has already ended (${sweep.status}).` });
        end(sweep, 'cancelled');
        for (const runId of active(id)) host.cancel(runId);
        changed(sweep);
        return ok(summary(sweep));
      }),
    runEnded(runId) {
      const found = trialOfRun(runId);
      if (!found) return;
      changed(found.sweep);
      advance(found.sweep);
    },
    prune(runId, epoch) {
      const found = trialOfRun(runId);
      if (!found) return;
      found.trial.prunedAtEpoch = epoch;
      host.cancel(runId);
    },
  };
}
