/**
 * Drives sweeps: starts their trials one at a time through the trial launcher, prunes trailing
 * trials at halving rungs, and ends a sweep when no trial is left. Everything it decides is in
 * the store first (trial links, pruning, status), so a process that dies mid-sweep leaves a sweep
 * that the next driver resumes from its next pending trial.
 */
import { rungEpochs, prunedAtRung } from '../../common/sweeps/halving';
import { applyTrial, planTrials } from '../../common/sweeps/plan';
import type { SweepPlan, SweepSpec, SweepSummary, TrialPlan } from '../../common/sweeps/types';
import { analyzeArchitecture } from '../../common/layers/analyze';
import { findSeries } from '../../common/training/metric-series';
import { FINISHED_STATUSES, type TrainingEvent } from '../../common/training/run';
import { clipCharacters, RUN_TEXT_LIMITS } from '../../common/training/run-limits';
import { invalidInput, LabFailure, notFound } from '../ipc/errors';
import type { StoredSweep } from '../store/sweep-store';
import type { RunStore } from '../store/types';
import { estimateSeconds } from './estimate';
import { sweepSummary } from './sweep-summary';
import type { TrialLauncher } from './trial-launcher';

export interface SweepDriverOptions {
  store: RunStore;
  launcher: TrialLauncher;
  /** Subscribes to every run's training events; returns the unsubscribe function. */
  onRunEvent(listener: (runId: number, event: TrainingEvent) => void): () => void;
  /** Told whenever a sweep's summary changes. */
  sweepChanged(summary: SweepSummary): void;
}

const describeValues = (values: TrialPlan['values']): string => Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(' ');

export class SweepDriver {
  private readonly store: RunStore;
  private readonly launcher: TrialLauncher;
  private readonly notify: (summary: SweepSummary) => void;
  private readonly off: () => void;
  /** Sweeps this process drives. */
  private readonly driven = new Set<number>();
  private readonly doneWaiters = new Map<number, (() => void)[]>();

  constructor(opts: SweepDriverOptions) {
    this.store = opts.store;
    this.launcher = opts.launcher;
    this.notify = opts.sweepChanged;
    this.off = opts.onRunEvent((runId, event) => this.onRunEvent(runId, event));
  }

  plan(spec: SweepSpec): SweepPlan {
    const { trials, configurations, issues } = planTrials(spec);
    const estimate = issues.length === 0 ? estimateSeconds(this.store, trials.map((t) => applyTrial(spec, t))) : null;
    return { trials, configurations, issues, estimateSeconds: estimate };
  }

  start(spec: SweepSpec): StoredSweep {
    const { trials, issues } = planTrials(spec);
    if (issues.length > 0) {
      const count = issues.length === 1 ? 'one problem' : `${issues.length} problems`;
      throw invalidInput(`This sweep cannot start: ${count} to fix.`, issues);
    }
    const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const sweep = this.store.sweeps.create(spec.name?.trim() || `Sweep ${stamp}`, spec, trials);
    this.driven.add(sweep.id);
    this.advance(sweep.id);
    return this.existing(sweep.id);
  }

  /** Takes over a sweep left running by a process that is gone (or by this one), and continues it. */
  adopt(id: number): StoredSweep {
    const sweep = this.existing(id);
    if (this.store.sweeps.drivenElsewhere(id)) throw new LabFailure('conflict', `Sweep ${id} is being run by another MNIST Lab process.`);
    this.store.sweeps.claim(id);
    this.driven.add(id);
    if (sweep.status === 'running') this.advance(id);
    return this.existing(id);
  }

  /** At start-up: every running sweep whose driver is gone continues here. Returns their ids. */
  resumeOrphans(): number[] {
    const orphans = this.store.sweeps.list().filter((s) => s.status === 'running' && !this.store.sweeps.drivenElsewhere(s.id));
    for (const s of orphans) this.adopt(s.id);
    return orphans.map((s) => s.id);
  }

  pause(id: number): StoredSweep {
    const sweep = this.ownSweep(id);
    if (sweep.status !== 'running') throw new LabFailure('conflict', `Sweep ${id} is ${sweep.status}; only a running sweep can be paused.`);
    // First, so that a Slurm that refuses leaves the sweep running, as it was.
    this.launcher.hold(this.activeRuns(id));
    this.store.sweeps.setStatus(id, 'paused');
    this.allowTrialsAtOnce();
    this.changed(id);
    return this.existing(id);
  }

  resume(id: number): StoredSweep {
    const sweep = this.existing(id);
    if (sweep.status !== 'paused' && sweep.status !== 'running') throw new LabFailure('conflict', `Sweep ${id} is ${sweep.status}; only a paused sweep can be resumed.`);
    this.adopt(id);
    this.launcher.release(this.activeRuns(id));
    this.store.sweeps.setStatus(id, 'running');
    this.advance(id);
    return this.existing(id);
  }

  cancel(id: number): StoredSweep {
    const sweep = this.ownSweep(id);
    if (sweep.status === 'completed' || sweep.status === 'cancelled') throw new LabFailure('conflict', `Sweep ${id} has already ended (${sweep.status}).`);
    this.store.sweeps.setStatus(id, 'cancelled');
    this.allowTrialsAtOnce();
    for (const runId of this.activeRuns(id)) this.launcher.cancel(runId);
    this.changed(id);
    this.settle(id);
    return this.existing(id);
  }

  /** Resolves when the sweep is completed or cancelled (or paused, when `orPaused`). */
  whenDone(id: number, orPaused = false): Promise<StoredSweep> {
    return new Promise((done) => {
      const check = (): void => {
        const sweep = this.existing(id);
        if (sweep.status === 'completed' || sweep.status === 'cancelled' || (orPaused && sweep.status === 'paused' && this.activeRuns(id).length === 0)) done(sweep);
        else this.doneWaiters.set(id, [...(this.doneWaiters.get(id) ?? []), check]);
      };
      check();
    });
  }

  close(): void {
    this.off();
  }

  private existing(id: number): StoredSweep {
    const sweep = this.store.sweeps.get(id);
    if (!sweep) throw notFound(`There is no sweep ${id}.`);
    return sweep;
  }

  /** A sweep this process may change: its own, or one whose driver is gone. */
  private ownSweep(id: number): StoredSweep {
    const sweep = this.existing(id);
    if (!this.driven.has(id) && this.store.sweeps.drivenElsewhere(id)) {
      throw new LabFailure('conflict', `Sweep ${id} is being run by another MNIST Lab process: pause or cancel it there.`);
    }
    return sweep;
  }

  private activeRuns(id: number): number[] {
    return this.store.sweeps
      .trials(id)
      .filter((t) => t.runId !== null && !FINISHED_STATUSES.includes(this.store.getRun(t.runId)?.status ?? 'completed'))
      .map((t) => t.runId!);
  }

  /** Starts pending trials until as many as the sweep allows are active; ends the sweep when none is left. */
  private advance(id: number): void {
    const sweep = this.existing(id);
    this.allowTrialsAtOnce();
    if (sweep.status !== 'running' || !this.driven.has(id)) return this.settle(id);
    // On Slurm every pending trial is handed over at once, as one job array that Slurm paces.
    const onSlurm = sweep.spec.compute?.on === 'slurm';
    let active = this.activeRuns(id).length;
    const pending = this.store.sweeps.trials(id).filter((t) => t.runId === null);
    const atOnce = onSlurm ? active + pending.length : (sweep.spec.trialsAtOnce ?? 1);
    if (pending.length === 0 && active === 0) {
      this.store.sweeps.setStatus(id, 'completed');
      this.changed(id);
      this.allowTrialsAtOnce();
      return this.settle(id);
    }
    for (const next of pending) {
      if (active >= atOnce) break;
      this.launchTrial(sweep, next);
      active++;
    }
  }

  /**
   * Advancing outside a call (after a trial ends) has nobody to throw to: a failure to start the
   * next trial (the disk full, the database busy) pauses the sweep, which Resume continues.
   */
  private advanceOrPause(id: number): void {
    try {
      this.advance(id);
    } catch (error) {
      console.error(`Sweep ${id}: the next trial could not start, so the sweep is paused:`, error);
      try {
        this.store.sweeps.setStatus(id, 'paused');
        this.changed(id);
      } catch {
        // The store itself is failing; the sweep stays as recorded and resumes at the next start.
      }
      this.settle(id);
    }
  }

  /** The queue trains as many runs at once as the most any running sweep of this process asks for. */
  private allowTrialsAtOnce(): void {
    const running = [...this.driven].map((id) => this.store.sweeps.get(id)).filter((s) => s?.status === 'running' && s.spec.compute?.on !== 'slurm');
    this.launcher.allowAtOnce(Math.max(1, ...running.map((s) => s!.spec.trialsAtOnce ?? 1)));
  }

  private launchTrial(sweep: StoredSweep, next: TrialPlan): void {
    const id = sweep.id;
    const applied = applyTrial(sweep.spec, next);
    const layers = applied.layers;
    // Trials side by side share the cores: each trains on one worker instead of splitting its batches.
    const sideBySide = (sweep.spec.trialsAtOnce ?? 1) > 1 && sweep.spec.compute?.on !== 'slurm';
    const hyperparameters = sideBySide ? { ...applied.hyperparameters, workers: '1' as const } : applied.hyperparameters;
    const name = clipCharacters(`${sweep.name} · #${next.index + 1} ${describeValues(next.values)} seed ${next.seed}`, RUN_TEXT_LIMITS.name);
    const runId = this.launcher.launch({ name, presetId: sweep.spec.presetId ?? null, layers, hyperparameters, params: analyzeArchitecture(layers).totalParams, compute: sweep.spec.compute });
    this.store.sweeps.linkRun(id, next.index, runId);
    this.changed(id);
  }

  private onRunEvent(runId: number, event: TrainingEvent): void {
    if (event.type === 'batch' || event.type === 'model') return;
    const trial = this.store.sweeps.trialOfRun(runId);
    if (!trial || !this.driven.has(trial.sweepId)) return;
    if (event.type === 'epoch') this.maybePrune(trial.sweepId, runId, event.epoch, event.valAccuracy);
    if (event.type === 'done' || event.type === 'cancelled' || event.type === 'failed' || event.type === 'diverged') this.trialEnded(runId);
  }

  /** A trial's run ended, however (also `interrupted`, which no training event stands for): the sweep goes on. */
  trialEnded(runId: number): void {
    const trial = this.store.sweeps.trialOfRun(runId);
    if (!trial || !this.driven.has(trial.sweepId)) return;
    this.changed(trial.sweepId);
    // After the queue has settled the run: advance on the next turn, when it is no longer active.
    queueMicrotask(() => this.advanceOrPause(trial.sweepId));
  }

  private maybePrune(sweepId: number, runId: number, epoch: number, value: number): void {
    const sweep = this.existing(sweepId);
    const s = sweep.spec.strategy;
    if (s.kind !== 'halving' || !rungEpochs(s.minEpochs, s.reduction, sweep.spec.hyperparameters.epochs).includes(epoch)) return;
    const earlier = this.store.sweeps
      .trials(sweepId)
      .filter((t) => t.runId !== null && t.runId !== runId)
      .map((t) => findSeries(this.store.getMetricSeries(t.runId!), 'accuracy', 'val', 'epoch'))
      .map((series) => {
        if (!series) return null;
        const at = Array.from(series.epoch).lastIndexOf(epoch);
        return at < 0 ? null : series.value[at];
      })
      .filter((v): v is number => v !== null);
    if (!prunedAtRung(value, earlier, s.reduction)) return;
    this.store.sweeps.markPruned(runId, epoch);
    this.launcher.cancel(runId);
  }

  private changed(id: number): void {
    const sweep = this.store.sweeps.get(id);
    if (sweep) this.notify(sweepSummary(this.store, sweep));
  }

  private settle(id: number): void {
    const waiters = this.doneWaiters.get(id) ?? [];
    this.doneWaiters.delete(id);
    for (const check of waiters) check();
  }
}
