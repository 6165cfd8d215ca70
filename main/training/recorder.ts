/**
 * Writes a training process's events into the run store. Training processes never open the
 * database: they send events and the process whose queue started them records them. Several such
 * processes (the app, `serve`, command lines) may write one data folder at once; another process
 * reads this run's progress back from what is written here (main/services/progress-from-points.ts).
 */
import type { RealWorldResult } from '../../common/training/real-world';
import type { MetricPoint, TrainingEvent } from '../../common/training/run';
import type { RunStore } from '../store/types';

export function recordEvent(store: RunStore, runId: number, e: TrainingEvent): void {
  switch (e.type) {
    case 'started':
      store.markRunning(runId, e.info);
      return;
    case 'batch': {
      const at = { split: 'train', kind: 'batch', step: e.step, epoch: e.epoch, time: e.time } as const;
      const points: MetricPoint[] = [
        { ...at, name: 'loss', value: e.loss },
        { ...at, name: 'accuracy', value: e.accuracy },
      ];
      if (e.learningRate !== undefined) points.push({ ...at, name: 'lr', value: e.learningRate });
      store.appendMetrics(runId, points);
      return;
    }
    case 'epoch': {
      // At the step of the epoch's last batch, after that batch's own points: the kind tells them apart.
      const at = { kind: 'epoch', step: e.step, epoch: e.epoch, time: e.time } as const;
      store.appendMetrics(runId, [
        { ...at, split: 'train', name: 'loss', value: e.trainLoss },
        { ...at, split: 'train', name: 'accuracy', value: e.trainAccuracy },
        { ...at, split: 'val', name: 'loss', value: e.valLoss },
        { ...at, split: 'val', name: 'accuracy', value: e.valAccuracy },
        { ...at, split: 'train', name: 'lr', value: e.learningRate },
      ]);
      store.recordEpoch(runId, e.epoch, e.valAccuracy);
      return;
    }
    case 'model':
      store.recordModel(runId, e.model);
      return;
    case 'done':
      store.recordTestResults(runId, {
        testLoss: e.testLoss,
        testAccuracy: e.testAccuracy,
        confusion: e.confusion,
        perClass: e.perClass,
        predictions: e.predictions,
      });
      if (e.realWorld) store.realWorld.record(runId, withViews(e.realWorld));
      store.finishRun(runId, 'completed');
      return;
    case 'diverged':
      store.finishRun(runId, 'diverged', e.message);
      return;
    case 'cancelled':
      store.finishRun(runId, 'cancelled');
      return;
    case 'failed':
      store.finishRun(runId, 'failed', e.message);
      return;
  }
}

/**
 * A score as a worker of this version sends it, or as one from before views sends it (a Slurm job
 * still running when MNIST Lab was updated): such a worker read each picture in one view.
 */
function withViews(result: RealWorldResult): RealWorldResult {
  return result.ok && (result as { views?: unknown }).views === undefined ? { ...result, views: 1 } : result;
}
