/**
 * An in-memory `LabApi` for component tests. It behaves like the real services (runs start
 * queued, are listed, renamed, deleted and restored, the queue moves, events reach listeners, the
 * same refusals with the same words) without Electron, SQLite or TensorFlow; the contract suite
 * (test/main/services/contract.test.ts) runs the same checks on it and on the real services.
 *
 * Usage:
 *   const api = createFakeApi({ runs: [makeRunDetail({ name: 'a' })] });
 *   api.emit('runEvent', { runId: 1, event: { type: 'cancelled' } });   // an event, nothing recorded
 *   api.train(1, { type: 'started', ... });   // what a training process sends: recorded, then announced
 *   api.calls  // every call made, in order, for assertions
 * Any call can be replaced: createFakeApi({ getRun: async () => ({ ok: false, error: ... }) }).
 */
import * as v from 'valibot';
import { describeRefusal } from '../../common/ipc/schema-kit';
import { CALL_SCHEMAS } from '../../common/ipc/schemas';
import { matchesSearch } from '../../common/training/run-search';
import { realWorldAccuracy } from '../../common/training/real-world';
import type {
  CallName,
  LabApi,
  LabCalls,
  LabError,
  LabEvents,
  EventName,
  Preset,
  PredictionResult,
  Result,
  StartRunRequest,
  TestSample,
} from '../../common/ipc/contract';
import { appendSeries, pointsFromSeries, seriesFromPoints } from '../../common/training/metric-series';
import { FINISHED_STATUSES, type MetricPoint, type QueueEntry, type RunDetail, type RunQuery, type RunRelation, type RunRelative, type RunSummary, type TrainingEvent } from '../../common/training/run';
import type { ComputeTarget } from '../../common/compute/compute-target';
import { createFakeSweeps } from './fake-sweeps';
import { FAKE_PRESETS, fakeDoctorReport, fakeReadingSteps, fakeViewReadings, makeRunDetail } from './fake-data';
import { processStarted, recordTraining } from './fake-training';

export { processStarted } from './fake-training';

export {
  FAKE_PRESETS,
  fakeDoctorReport,
  makeEpochMetrics,
  makeRunDetail,
  makeRunSummary,
  SMALL_LAYERS,
} from './fake-data';

type CallImplementations = { [K in CallName]: LabApi[K] };

export interface FakeApiOptions extends Partial<CallImplementations> {
  /** Runs the store starts with (ids are kept as given). */
  runs?: RunDetail[];
  /** Presets listPresets returns; defaults to FAKE_PRESETS. */
  presets?: Preset[];
}

export interface RecordedCall {
  name: CallName;
  args: unknown[];
}

export type FakeApi = LabApi & {
  /** Delivers an event to every listener registered with `on`. */
  emit<E extends EventName>(event: E, payload: LabEvents[E]): void;
  /** Every call made through the api, in order. */
  readonly calls: RecordedCall[];
  /** The in-memory runs by id (deleted ones included), for assertions and direct edits. */
  readonly runs: Map<number, RunDetail>;
  /** How many listeners are registered for an event (to check components unsubscribe). */
  listenerCount(event: EventName): number;
  /**
   * Ends a running run as its worker would (completed unless the patch says otherwise, with the
   * patch's metrics); a sweep whose trial it was starts its next trial.
   */
  finishRun(id: number, patch?: Partial<RunSummary>): void;
  /** A halving sweep stops this run at an epoch: its trial is pruned and the run cancelled. */
  pruneRun(id: number, epoch: number): void;
  /** Records metric points of a run, as its training would (numbered on from its last point). */
  recordPoints(id: number, points: MetricPoint[]): void;
  /** An event of a run's training process, recorded and announced as the services do. */
  train(id: number, event: TrainingEvent): void;
};

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (error: LabError): Result<never> => ({ ok: false, error });
const notFound = (id: number): Result<never> => fail({ code: 'not-found', message: `There is no run ${id}.` });
const conflict = (message: string): Result<never> => fail({ code: 'conflict', message });
const isActive = (run: RunSummary): boolean => !FINISHED_STATUSES.includes(run.status);

/** Deep copy, so components never share objects with the fake store (as with real IPC). */
const copy = <T>(value: T): T => structuredClone(value);

function toSummary(run: RunDetail): RunSummary {
  const { metrics: _metrics, metricsUpTo: _upTo, confusion: _confusion, perClass: _perClass, realWorld: _realWorld, models: _models, family: _family, ...summary } = run;
  return copy(summary);
}

const relative = ({ id, name, status, relation, createdAt, deletedAt }: RunSummary): RunRelative => ({ id, name, status, relation, createdAt, deletedAt });

function matchesQuery(run: RunSummary, query: RunQuery): boolean {
  if (run.deletedAt !== null && !query.includeDeleted && !query.inTrash) return false;
  if (query.inTrash && run.deletedAt === null) return false;
  if (query.status && query.status.length > 0 && !query.status.includes(run.status)) return false;
  if (query.starred !== undefined && run.starred !== query.starred) return false;
  const { after } = query;
  if (after && !(run.createdAt < after.createdAt || (run.createdAt === after.createdAt && run.id < after.id))) return false;
  return matchesSearch(run, query.search);
}

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const { runs: initialRuns = [], presets = FAKE_PRESETS, ...overrides } = options;
  const runs = new Map<number, RunDetail>(initialRuns.map((run) => [run.id, copy(run)]));
  // Each run's points in the order they were recorded (point n is at index n - 1).
  const recorded = new Map<number, MetricPoint[]>(initialRuns.map((run) => [run.id, pointsFromSeries(run.metrics)]));
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: RecordedCall[] = [];
  let nextId = Math.max(0, ...runs.keys()) + 1;

  function emit<E extends EventName>(event: E, payload: LabEvents[E]): void {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  }

  /**
   * One run trains at a time, in the order runs were queued. The queue takes the first at once
   * (its entry says running) but the run itself is queued until its process has started.
   */
  function queueEntries(): QueueEntry[] {
    const active = [...runs.values()]
      .filter((run) => run.deletedAt === null && isActive(run))
      .sort((a, b) => (a.status === b.status ? a.id - b.id : a.status === 'running' ? -1 : 1));
    let waiting = 0;
    return active.map((run, i) => {
      const running = run.status === 'running' || i === 0;
      return { runId: run.id, status: running ? 'running' : 'queued', position: running ? 0 : ++waiting };
    });
  }

  function changed(run: RunDetail, queueMoved = false): void {
    emit('runChanged', toSummary(run));
    if (queueMoved) emit('queueChanged', queueEntries());
  }

  /** The run as read, its family worked out on each read (as the store does) from the runs' parent ids. */
  function withFamily(run: RunDetail): RunDetail {
    const parent = run.parentRunId === null ? undefined : runs.get(run.parentRunId);
    const children = [...runs.values()].filter((r) => r.parentRunId === run.id).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    return copy({ ...run, family: { parent: parent ? relative(parent) : null, children: children.map(relative) } });
  }

  function withRun<T>(id: number, action: (run: RunDetail) => Result<T>): Result<T> {
    const run = runs.get(id);
    return run ? action(run) : notFound(id);
  }

  function start(req: StartRunRequest, parent: { runId: number; relation: RunRelation } | null): Result<RunSummary> {
    if (req.layers.length === 0) {
      return fail({
        code: 'invalid-input',
        message: 'The layer stack is empty.',
        issues: [{ layerIndex: null, field: null, message: 'Add at least one layer.' }],
      });
    }
    const id = nextId++;
    const run = makeRunDetail({
      id,
      name: req.name?.trim() || `run ${id}`,
      presetId: req.presetId ?? null,
      layers: copy(req.layers),
      hyperparameters: copy(req.hyperparameters),
      status: 'queued',
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
      epochsDone: 0,
      bestValAccuracy: null,
      bestEpoch: null,
      finalValAccuracy: null,
      testAccuracy: null,
      testLoss: null,
      realWorldAccuracy: null,
      realWorldViews: null,
      realWorld: null,
      backend: null,
      device: null,
      parentRunId: parent?.runId ?? null,
      relation: parent?.relation ?? null,
    });
    runs.set(id, run);
    changed(run, true);
    return ok(toSummary(run));
  }

  let compute: ComputeTarget = { on: 'local' };
  const sweeps = createFakeSweeps({
    launch: (request) => {
      const started = defaults.startRun(request);
      if (!started.ok) throw new Error(started.error.message);
      const id = started.value.id;
      // The trial's training process starts as soon as the queue takes it, as it does within a moment in the services.
      if (queueEntries()[0]?.runId === id) fake.train(id, processStarted(started.value));
      return id;
    },
    cancel: (id) => void defaults.cancelRun(id),
    run: (id) => {
      const run = runs.get(id);
      return run ? toSummary(run) : null;
    },
    emit,
  });

  const defaults: { [K in CallName]: (...args: Parameters<LabCalls[K]>) => Result<ReturnType<LabCalls[K]>> } = {
    listPresets: () => ok(copy(presets)),
    listRuns: (query) => {
      const matching = [...runs.values()].map(toSummary).filter((run) => matchesQuery(run, query ?? {}));
      matching.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      return ok(query?.limit !== undefined ? matching.slice(0, query.limit) : matching);
    },
    getRun: (id) => withRun(id, (run) => ok(withFamily(run))),
    getRunResults: (id) =>
      withRun(id, (run) => {
        const { metrics: _metrics, metricsUpTo: _upTo, ...results } = withFamily(run);
        return ok(results);
      }),
    getRunMetrics: (id, after) =>
      withRun(id, (run) => {
        const points = recorded.get(id) ?? [];
        return ok({ metrics: seriesFromPoints(points.slice(after)), upTo: Math.max(after, run.metricsUpTo) });
      }),
    startRun: (req) => start(req, req.parentRunId ? { runId: req.parentRunId, relation: 'fork' } : null),
    rerunRun: (id) =>
      withRun(id, (run) =>
        start({ name: `${run.name} (re-run)`, presetId: run.presetId, layers: run.layers, hyperparameters: run.hyperparameters }, { runId: id, relation: 'rerun' }),
      ),
    cancelRun: (id) =>
      withRun(id, (run) => {
        if (!isActive(run)) return conflict(`Run ${id} is not queued or training (it is ${run.status}).`);
        run.status = 'cancelled';
        run.finishedAt = Date.now();
        changed(run, true);
        sweeps.runEnded(id);
        return ok(toSummary(run));
      }),
    queue: () => ok(queueEntries()),
    updateRun: (id, patch) =>
      withRun(id, (run) => {
        if (patch.name !== undefined && patch.name.trim() === '') {
          return fail({ code: 'invalid-input', message: 'A run name cannot be empty.' });
        }
        Object.assign(run, copy(patch));
        changed(run);
        return ok(toSummary(run));
      }),
    deleteRun: (id) =>
      withRun(id, (run) => {
        if (run.deletedAt !== null) return notFound(id);
        if (isActive(run)) return conflict(`Run ${id} is still ${run.status}: cancel it before deleting it.`);
        run.deletedAt = Date.now();
        changed(run);
        return ok(toSummary(run));
      }),
    restoreRun: (id) =>
      withRun(id, (run) => {
        run.deletedAt = null;
        changed(run);
        return ok(toSummary(run));
      }),
    purgeRun: (id) =>
      withRun(id, (run) => {
        if (run.deletedAt === null) return conflict(`Run ${id} is not in the trash: delete it first, then remove it for good.`);
        runs.delete(id);
        return ok(id);
      }),
    misclassified: (req) =>
      withRun(req.runId, () => {
        const samples: TestSample[] = Array.from({ length: Math.min(req.limit ?? 3, 3) }, (_, i) => ({
          index: i * 7,
          label: req.trueLabel,
          predicted: req.predictedLabel,
          pixels: Array.from({ length: 784 }, (_, p) => ((p + i) % 28) * 9),
        }));
        return ok(samples);
      }),
    predict: (req) =>
      withRun(req.runId, () =>
        ok(
          req.images.map((image, i): PredictionResult => {
            const label = i % 10;
            const probabilities = Array.from({ length: 10 }, (_, k) => (k === label ? 0.91 : 0.01));
            return { file: image.name, ok: true, label, probabilities, views: fakeViewReadings(label, Array.from({ length: 784 }, () => 0)), polarity: image.polarity ?? 'dark-on-light', steps: fakeReadingSteps() };
          }),
        ),
      ),
    prepareModel: (req) =>
      withRun(req.runId, (run) => {
        if (run.models.length === 0) return conflict(`Run ${req.runId} has no saved model (it is ${run.status}).`);
        return ok(null);
      }),
    scoreRealWorld: (id) =>
      withRun(id, (run) => {
        if (run.status !== 'completed') return fail({ code: 'conflict', message: `Run ${id} is ${run.status}: only a completed run has a final model to score.` });
        run.realWorld ??= { ok: true, model: 'final', correct: 25, total: 33, styles: [{ style: 'pen', correct: 10, total: 11, refused: 0 }, { style: 'marker', correct: 8, total: 11, refused: 0 }, { style: 'shadow', correct: 7, total: 11, refused: 1 }], views: 6 };
        run.realWorldAccuracy = realWorldAccuracy(run.realWorld);
        run.realWorldViews = run.realWorld.ok ? run.realWorld.views : null;
        changed(run);
        const { metrics: _metrics, ...results } = withFamily(run);
        return ok(results);
      }),
    doctor: () => ok(fakeDoctorReport()),
    planSweep: sweeps.planSweep,
    startSweep: sweeps.startSweep,
    listSweeps: sweeps.listSweeps,
    getSweep: sweeps.getSweep,
    pauseSweep: sweeps.pauseSweep,
    resumeSweep: sweeps.resumeSweep,
    cancelSweep: sweeps.cancelSweep,
    getComputeSettings: () => ok(compute),
    setComputeSettings: (target) => ok((compute = target)),
    checkCluster: () =>
      ok(
        compute.on === 'slurm'
          ? [
              { check: 'Slurm commands', ok: true, detail: 'sbatch, squeue, scontrol, scancel, sinfo' },
              { check: 'Partition', ok: true, detail: compute.slurm.partition ?? 'the default one' },
              { check: 'Shared folder, from here', ok: true, detail: compute.slurm.sharedDir },
              { check: 'Shared folder, from a test job', ok: true, detail: 'written by node1' },
            ]
          : null,
      ),
  };

  const api: Record<string, unknown> = {};
  for (const name of Object.keys(defaults) as CallName[]) {
    const override = overrides[name] as ((...args: unknown[]) => Promise<Result<unknown>>) | undefined;
    const fallback = defaults[name] as (...args: unknown[]) => Result<unknown>;
    api[name] = async (...args: unknown[]): Promise<Result<unknown>> => {
      calls.push({ name, args: copy(args) });
      if (override) return override(...args);
      // The services' own check of every call's arguments, refusing with the same words.
      const checked = v.safeParse(CALL_SCHEMAS[name], args, { abortEarly: true });
      if (!checked.success) return fail({ code: 'invalid-input', ...describeRefusal(checked.issues) });
      return fallback(...(checked.output as unknown[]));
    };
  }

  const fake = Object.assign(api, {
    on<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(event, set);
      return () => set.delete(wrapped);
    },
    emit,
    calls,
    runs,
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
    finishRun(id: number, patch: Partial<RunSummary> = {}): void {
      const run = runs.get(id);
      if (!run) throw new Error(`Run ${id} does not exist.`);
      Object.assign(run, { status: 'completed', finishedAt: Date.now(), epochsDone: run.hyperparameters.epochs }, copy(patch));
      changed(run, true);
      sweeps.runEnded(id);
    },
    pruneRun: (id: number, epoch: number) => sweeps.prune(id, epoch),
    train(id: number, event: TrainingEvent): void {
      const run = runs.get(id);
      if (!run) throw new Error(`There is no run ${id}.`);
      recordTraining(run, event, {
        points: (points) => fake.recordPoints(id, points),
        ended: () => sweeps.runEnded(id),
      });
      emit('runEvent', { runId: id, event: copy(event) });
      // As the services: every event but a batch changes what a table shows of the run; an ending moves the queue.
      if (event.type !== 'batch') changed(run, ['done', 'cancelled', 'failed', 'diverged'].includes(event.type));
    },
    recordPoints(id: number, points: MetricPoint[]): void {
      const run = runs.get(id);
      if (!run) throw new Error(`Run ${id} does not exist.`);
      recorded.set(id, [...(recorded.get(id) ?? []), ...copy(points)]);
      run.metrics = appendSeries(run.metrics, seriesFromPoints(points));
      run.metricsUpTo += points.length;
    },
  });
  return fake as unknown as FakeApi;
}
