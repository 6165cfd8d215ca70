/**
 * The two things the renderer's tests and screens can talk to: the real services (a temp data
 * folder, real SQLite, a training runner driven by the test) and the renderer tests' fake api.
 * The contract suite runs the same checks against both, so the fake cannot drift from the services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { CALL_NAMES, type LabApi } from '../../../common/ipc/contract';
import type { EndingEvent, TrainingEvent } from '../../../common/training/run';
import { createLabServices } from '../../../main/services/lab-services';
import type { TrainingHandle, TrainingRunner } from '../../../main/training/runner';
import { createFakeApi } from '../../renderer/fake-api';

export interface Harness {
  api: LabApi;
  /** What the training process of a run sends, in order; an ending event ends it. */
  train(runId: number, event: TrainingEvent): Promise<void>;
  close(): Promise<void>;
}

/** A runner whose training processes send only what the test tells them to. */
class ScriptedRunner implements TrainingRunner {
  readonly #processes = new Map<number, { send: (e: TrainingEvent) => void; end: (e: EndingEvent) => void }>();

  start(job: { runId: number }, onEvent: (e: TrainingEvent) => void): TrainingHandle {
    let finish: (e: EndingEvent) => void = () => undefined;
    const ended = new Promise<EndingEvent>((resolve) => (finish = resolve));
    const end = (e: EndingEvent): void => {
      onEvent(e);
      finish(e);
    };
    this.#processes.set(job.runId, { send: onEvent, end });
    // Asked to stop, a process says so a moment later, as a real one does.
    return { pid: 4000 + job.runId, cancel: () => void Promise.resolve().then(() => end({ type: 'cancelled' })), ended };
  }

  async send(runId: number, event: TrainingEvent): Promise<void> {
    // The queue starts a run's process when it reaches the front; wait for that.
    const process = await vi.waitFor(() => {
      const found = this.#processes.get(runId);
      if (!found) throw new Error(`run ${runId} has no training process yet`);
      return found;
    });
    const ending = event.type === 'done' || event.type === 'cancelled' || event.type === 'failed' || event.type === 'diverged';
    if (ending) process.end(event);
    else process.send(event);
  }
}

/** Copies in and out, as IPC does: no object is shared between the caller and the services. */
const overIpc = <T>(value: T): T => structuredClone(value);

export async function servicesHarness(): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'mnist-lab-contract-'));
  const runner = new ScriptedRunner();
  const services = await createLabServices({ homeDir: home, runner });
  const api = Object.fromEntries(
    CALL_NAMES.map((name) => [name, async (...args: unknown[]) => overIpc(await services.dispatch(name, overIpc(args)))]),
  ) as unknown as LabApi;
  api.on = (event, listener) => services.on(event, (payload) => listener(overIpc(payload)));
  return {
    api,
    async train(runId, event) {
      await runner.send(runId, event);
      // The queue records an ending once the process has gone: wait for the run to be settled.
      if (event.type === 'done' || event.type === 'cancelled') await services.queue.waitFor(runId);
    },
    async close() {
      await services.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export function fakeHarness(): Harness {
  const fake = createFakeApi();
  return {
    api: fake,
    train: async (runId, event) => fake.train(runId, event),
    close: async () => undefined,
  };
}
