import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndingEvent, QueueEntry, TrainingEvent, TrainingJob } from '../../../common/training/run';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { realWorldSetDir } from '../../../main/inference/real-world-set';
import { TrainingQueue } from '../../../main/training/queue';
import { createChildProcessRunner, type TrainingHandle, type TrainingRunner } from '../../../main/training/runner';
import { makeTempDir, removeTempDirs, smallHyperparameters, TINY_LAYERS } from './helpers';
import { storedPoints } from '../store/fixtures';

const INFO = { backend: 'wasm', device: 'CPU (test)', tfjsVersion: '4.22.0', threads: 1 } as const;

/** A runner whose "processes" the test drives by hand. */
class FakeRunner implements TrainingRunner {
  readonly jobs: TrainingJob[] = [];
  readonly cancelled: number[] = [];
  private readonly controls = new Map<number, { emit: (e: TrainingEvent) => void; end: (e: EndingEvent) => void }>();
  failNextStart = false;

  start(job: TrainingJob, onEvent: (e: TrainingEvent) => void): TrainingHandle {
    if (this.failNextStart) {
      this.failNextStart = false;
      throw new Error('spawn ENOMEM');
    }
    this.jobs.push(job);
    let resolve: (e: EndingEvent) => void = () => undefined;
    const ended = new Promise<EndingEvent>((r) => (resolve = r));
    this.controls.set(job.runId, {
      emit: onEvent,
      end: (e) => {
        onEvent(e);
        resolve(e);
      },
    });
    return { pid: 1000 + job.runId, cancel: () => this.cancelled.push(job.runId), ended };
  }

  emit(runId: number, e: TrainingEvent): void {
    this.controls.get(runId)?.emit(e);
  }

  end(runId: number, e: EndingEvent): void {
    this.controls.get(runId)?.end(e);
  }
}

const started: TrainingEvent = {
  type: 'started',
  info: INFO,
  trainSize: 10,
  valSize: 0,
  testSize: 10,
  batchesPerEpoch: 1,
  epochs: 1,
  params: 5994,
};

let home: string;
let store: RunStore;

beforeEach(() => {
  home = makeTempDir('mnist-lab-queue-');
  store = openRunStore(join(home, 'runs.sqlite'));
});
afterEach(() => store.close());
afterAll(removeTempDirs);

function createRun(name: string, overrides: Parameters<typeof smallHyperparameters>[0] = {}): number {
  return store.createRun({ name, presetId: null, layers: TINY_LAYERS, hyperparameters: smallHyperparameters(overrides), params: 5994 })
    .id;
}

describe('TrainingQueue with a scripted runner', () => {
  it('runs one job at a time, builds jobs from the stored runs and reports positions', async () => {
    const runner = new FakeRunner();
    const queue = new TrainingQueue({ store, runner, homeDir: home });
    const snapshots: QueueEntry[][] = [];
    queue.onQueueChanged((entries) => snapshots.push(entries));
    const [a, b, c] = [createRun('a'), createRun('b', { epochs: 5 }), createRun('c')];
    queue.enqueue(a);
    queue.enqueue(b);
    queue.enqueue(c);

    expect(queue.entries()).toEqual([
      { runId: a, status: 'running', position: 0 },
      { runId: b, status: 'queued', position: 1 },
      { runId: c, status: 'queued', position: 2 },
    ]);
    expect(runner.jobs).toEqual([
      // The real-world set where this process finds it: the run is scored at its end.
      { runId: a, layers: TINY_LAYERS, hyperparameters: smallHyperparameters(), modelDir: join(home, 'models', String(a)), homeDir: home, realWorldDir: realWorldSetDir() },
    ]);

    runner.end(a, { type: 'cancelled' });
    await queue.waitFor(a);
    expect(runner.jobs.map((j) => j.runId)).toEqual([a, b]);
    expect(runner.jobs[1].hyperparameters.epochs).toBe(5);
    expect(queue.entries().map((e) => [e.runId, e.position])).toEqual([
      [b, 0],
      [c, 1],
    ]);
    expect(snapshots.length).toBeGreaterThanOrEqual(4);
  });

  it('records each event before listeners hear of it', async () => {
    const runner = new FakeRunner();
    const queue = new TrainingQueue({ store, runner, homeDir: home });
    const seen: Array<[string, string | undefined]> = [];
    queue.on((runId, e) => seen.push([e.type, store.getRun(runId)?.status]));
    const id = createRun('recorded');
    queue.enqueue(id);
    runner.emit(id, started);
    runner.end(id, { type: 'failed', message: 'boom' });
    expect(seen).toEqual([
      ['started', 'running'],
      ['failed', 'failed'],
    ]);
    expect((await queue.waitFor(id)).error).toBe('boom');
  });

  it('cancels a queued run at once, without starting it', async () => {
    const runner = new FakeRunner();
    const queue = new TrainingQueue({ store, runner, homeDir: home });
    const events: Array<[number, string]> = [];
    queue.on((runId, e) => events.push([runId, e.type]));
    const [a, b] = [createRun('a'), createRun('b')];
    queue.enqueue(a);
    queue.enqueue(b);
    const waitingForB = queue.waitFor(b);

    expect(queue.cancel(b)).toBe(true);
    expect(store.getRun(b)?.status).toBe('cancelled');
    expect((await waitingForB).status).toBe('cancelled');
    expect(events).toEqual([[b, 'cancelled']]);
    expect(queue.entries().map((e) => e.runId)).toEqual([a]);

    expect(queue.cancel(a)).toBe(true);
    expect(runner.cancelled).toEqual([a]);
    expect(queue.cancel(12345)).toBe(false);
    runner.end(a, { type: 'cancelled' });
    await queue.whenIdle();
    expect(runner.jobs.map((j) => j.runId)).toEqual([a]);
  });

  it('carries on with the next run when a process cannot even start', async () => {
    const runner = new FakeRunner();
    runner.failNextStart = true;
    const queue = new TrainingQueue({ store, runner, homeDir: home });
    const [a, b] = [createRun('a'), createRun('b')];
    queue.enqueue(a);
    queue.enqueue(b);
    expect(store.getRun(a)).toMatchObject({ status: 'failed', error: 'Could not start the training process: spawn ENOMEM' });
    expect(runner.jobs.map((j) => j.runId)).toEqual([b]);
  });

  it('trains several runs at once when asked to', () => {
    const runner = new FakeRunner();
    const queue = new TrainingQueue({ store, runner, homeDir: home, concurrency: 2 });
    const ids = [createRun('a'), createRun('b'), createRun('c')];
    ids.forEach((id) => queue.enqueue(id));
    expect(queue.entries().map((e) => [e.status, e.position])).toEqual([
      ['running', 0],
      ['running', 0],
      ['queued', 1],
    ]);
  });

  it('refuses runs that are not queued or do not exist', () => {
    const queue = new TrainingQueue({ store, runner: new FakeRunner(), homeDir: home });
    const id = createRun('done already');
    store.finishRun(id, 'cancelled');
    expect(() => queue.enqueue(id)).toThrow(`Run ${id} is cancelled; only queued runs can be trained.`);
    expect(() => queue.enqueue(999)).toThrow('Run 999 does not exist.');
  });
});

/** The store, except that appendMetrics fails with `error` while `failing.on` is set. */
function storeFailingMetrics(error: Error, failing: { on: boolean }): RunStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendMetrics' && failing.on) {
        return () => {
          throw error;
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const batch: TrainingEvent = {
  type: 'batch', epoch: 1, batch: 1, batchesPerEpoch: 1, step: 1, loss: 2, accuracy: 0.1, samplesPerSec: 1, elapsedMs: 1, time: 1,
};

describe('TrainingQueue when recording fails', () => {
  it('stops a run when the disk is full, using the space reserve to keep the point and record why', async () => {
    const runner = new FakeRunner();
    const failing = { on: false };
    const diskFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    let releases = 0;
    const errors: unknown[] = [];
    const queue = new TrainingQueue({
      store: storeFailingMetrics(diskFull, failing),
      runner,
      homeDir: home,
      onError: (e) => errors.push(e),
      spaceReserve: {
        release: () => {
          releases += 1;
          failing.on = false;
          return true;
        },
      },
    });
    const heard: TrainingEvent[] = [];
    queue.on((_id, e) => heard.push(e));
    const id = createRun('fills the disk');
    queue.enqueue(id);
    runner.emit(id, started);
    failing.on = true;
    runner.emit(id, batch);
    expect(runner.cancelled).toEqual([id]);
    expect(storedPoints(store, id).map((m) => m.name)).toEqual(['accuracy', 'loss']);
    // The process stops as asked; its 'cancelled' is recorded as the failure it really is.
    runner.end(id, { type: 'cancelled' });
    const run = await queue.waitFor(id);
    const message = 'The disk holding the data folder is full, so this run was stopped: its progress could not be recorded. Free some space and try again.';
    expect(run).toMatchObject({ status: 'failed', error: message });
    expect(heard.at(-1)).toEqual({ type: 'failed', message });
    expect(releases).toBe(1);
    expect(errors).toEqual([]);
  });

  it('stops a run whose progress cannot be recorded for any other reason, and says why', async () => {
    const runner = new FakeRunner();
    const errors: unknown[] = [];
    const queue = new TrainingQueue({ store: storeFailingMetrics(new Error('disk I/O error'), { on: true }), runner, homeDir: home, onError: (e) => errors.push(e) });
    const id = createRun('cannot record');
    queue.enqueue(id);
    runner.emit(id, started);
    runner.emit(id, batch);
    runner.emit(id, batch);
    expect(runner.cancelled).toEqual([id]);
    runner.end(id, { type: 'cancelled' });
    expect(await queue.waitFor(id)).toMatchObject({
      status: 'failed',
      error: "MNIST Lab could not record this run's progress, so it was stopped: disk I/O error",
    });
    // Reported once, not once per event that followed.
    expect(errors).toHaveLength(1);
  });
});

describe('TrainingQueue with real training processes', () => {
  it('survives a killed process, cancels within 2 s keeping metrics, and completes the next run', async () => {
    const real = createChildProcessRunner();
    const handles = new Map<number, TrainingHandle>();
    const runner: TrainingRunner = {
      start(job, onEvent) {
        const handle = real.start(job, onEvent);
        handles.set(job.runId, handle);
        return handle;
      },
    };
    const queue = new TrainingQueue({ store, runner, homeDir: home });
    let killedPid: number | undefined;
    const killed = createRun('killed', { epochs: 50, trainLimit: 5000 });
    const cancelled = createRun('cancelled', { epochs: 50, trainLimit: 5000 });
    const neverStarted = createRun('never started');
    const completed = createRun('completed', { epochs: 1, trainLimit: 500 });
    let cancelRequestedAt = 0;
    let cancelledAfterMs = -1;

    queue.on((runId, e) => {
      if (e.type === 'batch' && runId === killed && killedPid === undefined) {
        killedPid = handles.get(runId)?.pid;
        if (killedPid) process.kill(killedPid, 'SIGKILL');
      }
      if (e.type === 'batch' && runId === cancelled && cancelRequestedAt === 0) {
        cancelRequestedAt = Date.now();
        queue.cancel(runId);
      }
      if (e.type === 'cancelled' && runId === cancelled) cancelledAfterMs = Date.now() - cancelRequestedAt;
    });

    [killed, cancelled, neverStarted, completed].forEach((id) => queue.enqueue(id));
    expect(handles.size).toBe(1);
    expect(queue.cancel(neverStarted)).toBe(true);
    await queue.whenIdle();

    expect(killedPid).toBeGreaterThan(0);
    expect([...handles.keys()]).toEqual([killed, cancelled, completed]);
    expect(store.getRun(killed)).toMatchObject({
      status: 'failed',
      error: 'The training process was killed (SIGKILL) — often the system ran out of memory.',
    });
    expect(store.getRun(cancelled)?.status).toBe('cancelled');
    expect(cancelledAfterMs).toBeGreaterThanOrEqual(0);
    expect(cancelledAfterMs).toBeLessThan(2000);
    expect(storedPoints(store, cancelled).length).toBeGreaterThan(0);
    expect(store.getRun(neverStarted)).toMatchObject({ status: 'cancelled', startedAt: null });

    const done = store.getRunDetail(completed);
    expect(done).toMatchObject({ status: 'completed', epochsDone: 1, backend: 'wasm' });
    expect(done?.testAccuracy).toBeGreaterThan(0.5);
    expect(done?.models.map((m) => m.kind).sort()).toEqual(['best', 'final']);
    expect(store.getPredictions(completed)?.length).toBe(200);
  });
});
