import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndingEvent, TrainingEvent, TrainingJob } from '../../../common/training/run';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { TrainingQueue } from '../../../main/training/queue';
import type { TrainingHandle, TrainingRunner } from '../../../main/training/runner';
import { makeTempDir, removeTempDirs, smallHyperparameters, TINY_LAYERS } from './helpers';

/** A runner whose processes stop the moment they are asked: 'cancelled' is reported inside cancel(), on every ask. */
class InstantCancelRunner implements TrainingRunner {
  /** What the last process started could still send. */
  send: (e: TrainingEvent) => void = () => undefined;

  start(_job: TrainingJob, onEvent: (e: TrainingEvent) => void): TrainingHandle {
    this.send = onEvent;
    let resolve: (e: EndingEvent) => void = () => undefined;
    const ended = new Promise<EndingEvent>((r) => (resolve = r));
    return {
      pid: 1,
      cancel: () => {
        onEvent({ type: 'cancelled' });
        resolve({ type: 'cancelled' });
      },
      ended,
    };
  }
}

let home: string;
let store: RunStore;

beforeEach(() => {
  home = makeTempDir('mnist-lab-queue-cancel-');
  store = openRunStore(join(home, 'runs.sqlite'));
});
afterEach(() => store.close());
afterAll(removeTempDirs);

function setUp(): { queue: TrainingQueue; runner: InstantCancelRunner; events: string[]; errors: unknown[]; id: number } {
  const errors: unknown[] = [];
  const runner = new InstantCancelRunner();
  const queue = new TrainingQueue({ store, runner, homeDir: home, onError: (err) => errors.push(err) });
  const events: string[] = [];
  queue.on((_runId, e) => events.push(e.type));
  const id = store.createRun({ name: 'r', presetId: null, layers: TINY_LAYERS, hyperparameters: smallHyperparameters(), params: 5994 }).id;
  queue.enqueue(id);
  return { queue, runner, events, errors, id };
}

describe('TrainingQueue cancelling a run whose runner reports the cancellation at once', () => {
  it('records and announces the cancellation once, however often it is asked', async () => {
    const { queue, events, errors, id } = setUp();
    expect(queue.cancel(id)).toBe(true);
    expect(queue.cancel(id)).toBe(true);
    expect((await queue.waitFor(id)).status).toBe('cancelled');
    expect(events).toEqual(['cancelled']);
    expect(errors).toEqual([]);
    expect(queue.entries()).toEqual([]);
  });

  it('cancels everything on quitting without a second ending', async () => {
    const { queue, events, errors, id } = setUp();
    await queue.cancelAll();
    expect(store.getRun(id)?.status).toBe('cancelled');
    expect(events).toEqual(['cancelled']);
    expect(errors).toEqual([]);
  });

  it('ignores what a process sends after its ending', async () => {
    const { queue, runner, events, errors, id } = setUp();
    queue.cancel(id);
    // The training loop saw the cancel too and says so on its way out.
    runner.send({ type: 'cancelled' });
    await queue.whenIdle();
    runner.send({ type: 'failed', message: 'late' });
    expect(queue.cancel(id)).toBe(false);
    expect(store.getRun(id)?.status).toBe('cancelled');
    expect(events).toEqual(['cancelled']);
    expect(errors).toEqual([]);
  });
});
