// The replica thread a training process starts before its run is known (main/training/worker.ts):
// handed to the run's pool when it wants one, stopped when it does not, replaced when it failed.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { discardPrestartedThreads, prestartReplicaThread, sourceReplicaEntry, startReplicaThread } from '../../../main/training/parallel/replica-entry';

const started: Worker[] = [];
afterEach(async () => {
  discardPrestartedThreads();
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

const exited = (worker: Worker): Promise<number> => new Promise((resolve) => worker.once('exit', resolve));

// A one-core machine prestarts nothing (prestartReplicaThread gives null): these need two cores, as CI has.
describe.runIf(availableParallelism() >= 2)('a prestarted replica thread', () => {
  it('is the thread the first pool gets; later ones start their own', () => {
    const early = prestartReplicaThread(sourceReplicaEntry)!;
    expect(early).not.toBeNull();
    const first = startReplicaThread(sourceReplicaEntry!);
    const second = startReplicaThread(sourceReplicaEntry!);
    started.push(first, second);
    expect(first).toBe(early);
    expect(second).not.toBe(early);
  });

  it('is stopped when the run trains on one thread', async () => {
    const early = prestartReplicaThread(sourceReplicaEntry)!;
    const stopped = exited(early);
    discardPrestartedThreads();
    await stopped;
    const fresh = startReplicaThread(sourceReplicaEntry!);
    started.push(fresh);
    expect(fresh).not.toBe(early);
  });

  it('is replaced by a new thread when it failed while waiting', async () => {
    const missing = new URL('./no-such-replica-entry.js', import.meta.url).href;
    const early = prestartReplicaThread(missing)!;
    await exited(early);
    const fresh = startReplicaThread(missing);
    started.push(fresh);
    expect(fresh).not.toBe(early);
    // The new one fails too, and says so to whoever listens (the pool turns this into the run's error).
    await expect(new Promise((_, reject) => fresh.once('error', reject))).rejects.toThrow(/no-such-replica-entry/);
  });
});
