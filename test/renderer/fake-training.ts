/**
 * How the fake api records what a training process sends: through the services' own recorder
 * (main/training/recorder.ts), over an in-memory stand-in for the store's few writes. So a fake
 * run's points, epochs and results are the ones the real store would hold.
 */
import type { MetricPoint, RunDetail, RunStatus, RunSummary, TrainingEvent } from '../../common/training/run';
import type { RunStore } from '../../main/store/types';
import { recordEvent } from '../../main/training/recorder';

/** What a training process sends first: the backend it runs on and the sizes it trains with. */
export function processStarted(run: Pick<RunSummary, 'params' | 'hyperparameters'>): TrainingEvent {
  return {
    type: 'started',
    info: { backend: 'wasm', device: 'CPU (fake)', tfjsVersion: '4.22.0', threads: 1 },
    trainSize: 54_000,
    valSize: 6_000,
    testSize: 10_000,
    batchesPerEpoch: Math.ceil(54_000 / run.hyperparameters.batchSize),
    epochs: run.hyperparameters.epochs,
    params: run.params,
  };
}

export interface RecordingHooks {
  /** Points to add to the run (numbered on, as the store numbers them). */
  points(points: MetricPoint[]): void;
  /** The run ended: a sweep whose trial it was goes on. */
  ended(): void;
}

export function recordTraining(run: RunDetail, event: TrainingEvent, hooks: RecordingHooks): void {
  const finish = (status: Exclude<RunStatus, 'queued' | 'running'>, error: string | null = null): void => {
    Object.assign(run, { status, error, finishedAt: Date.now() });
    hooks.ended();
  };
  const writes: Pick<RunStore, 'markRunning' | 'appendMetrics' | 'recordEpoch' | 'recordModel' | 'recordTestResults' | 'finishRun'> = {
    markRunning: (_id, info) => Object.assign(run, { status: 'running', startedAt: Date.now(), backend: info.backend, device: info.device, tfjsVersion: info.tfjsVersion, threads: info.threads }),
    appendMetrics: (_id, points) => hooks.points(points),
    recordEpoch: (_id, epoch, valAccuracy) => {
      const improves = run.bestValAccuracy === null || valAccuracy > run.bestValAccuracy;
      Object.assign(run, { epochsDone: epoch, finalValAccuracy: valAccuracy }, improves ? { bestValAccuracy: valAccuracy, bestEpoch: epoch } : {});
    },
    recordModel: (_id, model) => {
      run.models = [...run.models.filter((m) => m.kind !== model.kind), model];
    },
    recordTestResults: (_id, results) => Object.assign(run, { testLoss: results.testLoss, testAccuracy: results.testAccuracy, confusion: results.confusion, perClass: results.perClass }),
    finishRun: (_id, status, error) => finish(status, error ?? null),
  };
  recordEvent(writes as RunStore, run.id, event);
}
