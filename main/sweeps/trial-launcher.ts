/**
 * Where a sweep's trials train, behind one small interface: here, this process's training queue
 * (the same single queue as runs started by hand). A cluster scheduler (Slurm) can stand in for
 * it later without the sweep driver knowing.
 */
import type { LayerSpec } from '../../common/layers/types';
import type { Hyperparameters } from '../../common/training/hyperparameters';
import type { RunStore } from '../store/types';
import type { TrainingQueue } from '../training/queue';

export interface TrialRequest {
  name: string;
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
  params: number;
}

export interface TrialLauncher {
  /** Creates the trial's run and hands it over to train; returns the run id. */
  launch(request: TrialRequest): number;
  /** Stops a trial's run, queued or training. */
  cancel(runId: number): void;
  /** How many trials may train at the same time, as the sweeps being driven ask. */
  allowAtOnce(trials: number): void;
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
  };
}
