/**
 * Where a sweep's trials train, behind one small interface: here, this process's training queue
 * (the same single queue as runs started by hand), or Slurm, as the sweep's `compute` says.
 */
import type { ComputeTarget, SlurmSettings } from '../../common/compute/compute-target';
import type { LayerSpec } from '../../common/layers/types';
import type { Hyperparameters } from '../../common/training/hyperparameters';
import type { RunStore } from '../store/types';
import type { TrainingQueue } from '../training/queue';
import type { SlurmRuns } from '../slurm/slurm-runs';

export interface TrialRequest {
  name: string;
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
  params: number;
  compute?: ComputeTarget;
}

export interface TrialLauncher {
  /** Creates the trial's run and hands it over to train; returns the run id. */
  launch(request: TrialRequest): number;
  /** Stops a trial's run, queued or training. */
  cancel(runId: number): void;
  /** How many trials may train at the same time, as the sweeps being driven ask. */
  allowAtOnce(trials: number): void;
  /** A paused sweep's trials: those handed over but not training yet wait until `release`. */
  hold(runIds: readonly number[]): void;
  release(runIds: readonly number[]): void;
}

export function localTrialLauncher(store: RunStore, queue: TrainingQueue, runChanged: (id: number) => void): TrialLauncher {
  return {
    launch(request) {
      const run = store.createRun(request);
      queue.enqueue(run.id);
      runChanged(run.id);
      return run.id;
    },
    cancel(runId) {
      queue.cancel(runId);
    },
    allowAtOnce(trials) {
      // The one queue of this process: runs started by hand meanwhile share the extra places too.
      queue.setConcurrency(trials);
    },
    // Here a trial is handed to the queue only when a place is free, so a paused sweep has none waiting.
    hold() {},
    release() {},
  };
}

/**
 * Trials for Slurm are created at once and submitted together at the end of the turn, so the
 * trials the driver starts in one go become one job array.
 */
export function routedTrialLauncher(local: TrialLauncher, store: RunStore, slurm: SlurmRuns, runChanged: (id: number) => void): TrialLauncher {
  const batches = new Map<string, { settings: SlurmSettings; runIds: number[] }>();
  const submitBatches = (): void => {
    const all = [...batches.values()];
    batches.clear();
    for (const batch of all) {
      slurm.submit(batch.runIds, batch.settings);
      for (const id of batch.runIds) runChanged(id);
    }
  };
  return {
    launch(request) {
      if (request.compute?.on !== 'slurm') return local.launch(request);
      const run = store.createRun(request);
      const key = JSON.stringify(request.compute.slurm);
      if (batches.size === 0) queueMicrotask(submitBatches);
      const batch = batches.get(key) ?? { settings: request.compute.slurm, runIds: [] };
      batch.runIds.push(run.id);
      batches.set(key, batch);
      runChanged(run.id);
      return run.id;
    },
    cancel(runId) {
      for (const batch of batches.values()) {
        const at = batch.runIds.indexOf(runId);
        if (at < 0) continue;
        // Not handed to Slurm yet: ended here, never submitted.
        batch.runIds.splice(at, 1);
        store.finishRun(runId, 'cancelled');
        runChanged(runId);
        return;
      }
      if (!slurm.cancel(runId)) local.cancel(runId);
    },
    allowAtOnce: (trials) => local.allowAtOnce(trials),
    hold: (runIds) => void slurm.hold(runIds),
    release: (runIds) => void slurm.release(runIds),
  };
}
