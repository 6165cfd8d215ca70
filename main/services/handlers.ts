/** What each call of the contract does, over the store, the queue and the model files. */
import type { CallName, LabCalls } from '../../common/ipc/contract';
import { analyzeArchitecture } from '../../common/layers/analyze';
import { parseArchitecture } from '../../common/layers/parse';
import { findPreset, PRESETS } from '../../common/layers/presets';
import { parseHyperparameters } from '../../common/training/validate-hyperparameters';
import type { LayerSpec } from '../../common/layers/types';
import type { Hyperparameters } from '../../common/training/hyperparameters';
import type { RunSummary } from '../../common/training/run';
import { clipCharacters, RUN_TEXT_LIMITS } from '../../common/training/run-limits';
import { invalidInput, LabFailure, notFound } from '../ipc/errors';
import type { NewRun, RunStore } from '../store/types';
import type { TrainingQueue } from '../training/queue';
import type { SlurmRuns } from '../slurm/slurm-runs';
import { checkSlurmSettings } from '../slurm/slurm-check';
import { SYSTEM_SLURM, type SlurmCommands } from '../slurm/slurm-commands';
import type { ComputeTarget } from '../../common/compute/compute-target';
import { COMPUTE_KEY, savedCompute } from '../slurm/saved-compute';
import { prepareWorkerAhead, workerNotCopied } from '../slurm/submission';
import { misclassifiedSamples } from './misclassified';
import { purgeRun } from './trash';
import type { Predictor } from '../inference/predict';
import type { SweepDriver } from '../sweeps/sweep-driver';
import type { ChangeWatcher } from './change-watcher';
import { sweepDetail, sweepSummary } from '../sweeps/sweep-summary';

/** The contract's calls, each allowed to answer asynchronously. */
export type CallHandlers = {
  [K in CallName]: (...args: Parameters<LabCalls[K]>) => ReturnType<LabCalls[K]> | Promise<ReturnType<LabCalls[K]>>;
};

export interface HandlerContext {
  homeDir: string;
  store: RunStore;
  queue: TrainingQueue;
  slurm: SlurmRuns;
  sweeps: SweepDriver;
  /** Slurm's commands, where a test stands in for them. */
  slurmCommands?: SlurmCommands;
  /** Tells listeners that a run's row changed. */
  runChanged(id: number): void;
  /** The runs other processes on the data folder hold in their queues. */
  elsewhere: Pick<ChangeWatcher, 'entries' | 'cancelElsewhere'>;
}

/** A network and settings checked as training needs them, or every problem with them. */
function trainable(layers: unknown, hyperparameters: unknown): Pick<NewRun, 'layers' | 'hyperparameters' | 'params'> {
  const parsed = parseArchitecture(layers);
  const settings = parseHyperparameters(hyperparameters);
  const report = parsed.layers ? analyzeArchitecture(parsed.layers) : null;
  const issues = [...parsed.issues, ...(report?.issues ?? []), ...settings.issues];
  if (!parsed.layers || !settings.value || !report || issues.length > 0) {
    const count = issues.length === 1 ? 'one problem' : `${issues.length} problems`;
    throw invalidInput(`This network cannot be trained yet: ${count} to fix.`, issues);
  }
  return { layers: parsed.layers, hyperparameters: settings.value, params: report.totalParams };
}

const RERUN_SUFFIX = ' (re-run)';

/** "name (re-run)", once however many generations, cut to fit the longest name a run can have. */
function rerunName(name: string): string {
  const base = name.endsWith(RERUN_SUFFIX) ? name.slice(0, -RERUN_SUFFIX.length) : name;
  return clipCharacters(base, RUN_TEXT_LIMITS.name - RERUN_SUFFIX.length) + RERUN_SUFFIX;
}

export function createHandlers(ctx: HandlerContext): CallHandlers {
  const { store, queue, sweeps } = ctx;
  // TensorFlow.js is loaded on the first prediction or doctor call, not when the services start.
  let predictor: Promise<Predictor> | null = null;
  const getPredictor = (): Promise<Predictor> =>
    (predictor ??= import('../inference/predict').then(({ Predictor }) => new Predictor(ctx.homeDir, store)));

  const existing = (id: number, includeDeleted = true): RunSummary => {
    const run = store.getRun(id);
    if (!run || (!includeDeleted && run.deletedAt !== null)) throw notFound(`There is no run ${id}.`);
    return run;
  };
  const changed = (id: number): RunSummary => {
    ctx.runChanged(id);
    return existing(id);
  };
  const queueNew = (run: NewRun, compute?: ComputeTarget): RunSummary => {
    // Slurm's settings are checked before the run exists, so a bad partition or folder records nothing.
    if (compute?.on === 'slurm') checkSlurmSettings(compute.slurm, ctx.slurmCommands ?? SYSTEM_SLURM);
    const created = store.createRun(run);
    if (compute?.on === 'slurm') ctx.slurm.submit([created.id], compute.slurm);
    else queue.enqueue(created.id);
    return changed(created.id);
  };

  return {
    listPresets: () => PRESETS,
    listRuns: (query) => store.listRuns(query),
    getRun: (id) => {
      const detail = store.getRunDetail(id);
      if (!detail) throw notFound(`There is no run ${id}.`);
      return detail;
    },
    getRunResults: (id) => {
      const results = store.getRunResults(id);
      if (!results) throw notFound(`There is no run ${id}.`);
      return results;
    },
    getRunMetrics: (id, after) => {
      existing(id);
      return store.getMetricsSince(id, after);
    },
    startRun: (req) => {
      const valid = trainable(req.layers, req.hyperparameters);
      const preset = req.presetId ? findPreset(req.presetId) : undefined;
      if (req.presetId && !preset) throw invalidInput(`There is no preset "${req.presetId}".`);
      const parent = req.parentRunId ? existing(req.parentRunId) : null;
      const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
      return queueNew({
        ...valid,
        name: req.name?.trim() || `${preset?.name ?? 'Custom network'} ${stamp}`,
        presetId: preset?.id ?? null,
        parent: parent && { runId: parent.id, relation: 'fork' },
      }, req.compute);
    },
    rerunRun: (id) => {
      const parent = existing(id);
      // A run trained on Slurm is trained there again, with the settings it was submitted with.
      const slurm = store.slurm.get(id)?.settings;
      return queueNew({
        // Checked again: a run recorded by an older version must still be one this version can train.
        ...trainable(parent.layers, parent.hyperparameters),
        name: rerunName(parent.name),
        presetId: parent.presetId,
        parent: { runId: parent.id, relation: 'rerun' },
      }, slurm && { on: 'slurm', slurm });
    },
    cancelRun: (id) => {
      const run = existing(id);
      if (run.status !== 'queued' && run.status !== 'running')
        throw new LabFailure('conflict', `Run ${id} is not queued or training (it is ${run.status}).`);
      // A run another process trains is cancelled by that process, when it is still there to ask.
      if (!queue.cancel(id) && !ctx.slurm.cancel(id)) ctx.elsewhere.cancelElsewhere(id);
      return changed(id);
    },
    queue: () => ctx.elsewhere.entries(),
    updateRun: (id, patch) => {
      existing(id);
      store.updateRun(id, patch);
      return changed(id);
    },
    deleteRun: (id) => {
      const run = existing(id, false);
      if (run.status === 'queued' || run.status === 'running')
        throw new LabFailure('conflict', `Run ${id} is still ${run.status}: cancel it before deleting it.`);
      store.deleteRun(id);
      return changed(id);
    },
    restoreRun: (id) => {
      existing(id);
      store.restoreRun(id);
      return changed(id);
    },
    purgeRun: (id) => purgeRun(ctx.homeDir, store, id),
    misclassified: (req) => misclassifiedSamples(store, req),
    predict: async (req) => (await getPredictor()).predict(req),
    prepareModel: async (req) => {
      await (await getPredictor()).prepare(req);
      return null;
    },
    scoreRealWorld: async (id) => {
      const { scoreRunOnRealWorld } = await import('./real-world-scoring');
      const results = await scoreRunOnRealWorld(store, await getPredictor(), id);
      ctx.runChanged(id);
      return results;
    },
    doctor: async () => (await import('./doctor')).doctorReport(ctx.homeDir, store.file),
    planSweep: (spec) => sweeps.plan(spec),
    startSweep: (spec) => {
      if (spec.compute?.on === 'slurm') checkSlurmSettings(spec.compute.slurm, ctx.slurmCommands ?? SYSTEM_SLURM);
      return sweepSummary(store, sweeps.start(spec));
    },
    listSweeps: () => store.sweeps.list().map((s) => sweepSummary(store, s)),
    getSweep: (id) => {
      const sweep = store.sweeps.get(id);
      if (!sweep) throw notFound(`There is no sweep ${id}.`);
      return sweepDetail(store, sweep);
    },
    pauseSweep: (id) => sweepSummary(store, sweeps.pause(id)),
    resumeSweep: (id) => sweepSummary(store, sweeps.resume(id)),
    cancelSweep: (id) => sweepSummary(store, sweeps.cancel(id)),
    getComputeSettings: () => savedCompute(store),
    setComputeSettings: (target) => {
      if (target.on === 'slurm') checkSlurmSettings(target.slurm, ctx.slurmCommands ?? SYSTEM_SLURM);
      store.settings.set(COMPUTE_KEY, target);
      if (target.on === 'slurm') prepareWorkerAhead(target.slurm, workerNotCopied);
      return savedCompute(store);
    },
    checkCluster: async () => {
      const compute = savedCompute(store);
      return compute.on === 'slurm' ? (await import('../slurm/cluster-doctor')).checkCluster(compute.slurm) : null;
    },
  };
}
