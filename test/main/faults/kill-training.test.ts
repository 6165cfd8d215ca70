// Kill -9 of the training process at twenty moments: during a batch, at an epoch boundary, at
// each step of writing a model file, and after random delays. Real processes, a real database
// file and real model folders; the run afterwards must be failed with the reason, with every
// metric the parent heard on record, model folders complete or absent, and the file intact.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import type { SaveStage } from '../../../main/models/model-files';
import { openRunStore } from '../../../main/store/run-store';
import { TrainingQueue } from '../../../main/training/queue';
import { createChildProcessRunner, type TrainingHandle, type TrainingRunner } from '../../../main/training/runner';
import { smallHyperparameters, TINY_LAYERS } from '../training/helpers';
import { expectEventsRecorded, expectModelFoldersSound, integrityCheck, makeTempDir, removeTempDirs } from './helpers';
import { storedPoints } from '../store/fixtures';

afterAll(removeTempDirs);

type Trial =
  | { kind: 'batch'; nthBatch: number }
  | { kind: 'epoch'; epoch: number }
  | { kind: 'save'; stage: SaveStage; nth: number }
  | { kind: 'delay'; ms: number };

/** Seeded, so a failing set of moments can be replayed with MNIST_LAB_FAULT_SEED. */
const SEED = Number(process.env.MNIST_LAB_FAULT_SEED ?? Date.now() % 100_000);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function planTrials(random: () => number): Trial[] {
  const pick = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  return [
    ...Array.from({ length: 6 }, (): Trial => ({ kind: 'batch', nthBatch: pick(1, 5) })),
    ...Array.from({ length: 4 }, (): Trial => ({ kind: 'epoch', epoch: pick(1, 2) })),
    // The first save (best of epoch 1) at each step, then the first replacement of a model folder.
    { kind: 'save', stage: 'writing', nth: 1 },
    { kind: 'save', stage: 'written', nth: 1 },
    { kind: 'save', stage: 'replaced', nth: 1 },
    { kind: 'save', stage: 'writing', nth: 2 },
    { kind: 'save', stage: 'moved-aside', nth: 1 },
    { kind: 'save', stage: 'replaced', nth: 2 },
    ...Array.from({ length: 4 }, (): Trial => ({ kind: 'delay', ms: pick(0, 2500) })),
  ];
}

/**
 * Enough epochs that no trial can finish before its kill, however fast training is: batch events
 * are throttled to 10 a second but the last of each epoch always comes, so a run of 8 epochs sends
 * at least the 5 the batch trials wait for; delays wait up to 2.5 s (6 batches of 50 images an epoch).
 */
function settingsFor(trial: Trial) {
  const epochs = trial.kind === 'save' ? 8 : trial.kind === 'delay' ? 1000 : 8;
  return smallHyperparameters({ epochs, trainLimit: 300, testLimit: 100, seed: 11 });
}

const SIGKILL_REASON = 'The training process was killed (SIGKILL) — often the system ran out of memory.';

describe('kill -9 of the training process', () => {
  it(`loses nothing over 20 kills at random moments (seed ${SEED})`, { timeout: 240_000 }, async () => {
    const home = makeTempDir();
    const file = join(home, 'runs.sqlite');
    const store = openRunStore(file);
    const trials = planTrials(mulberry32(SEED));
    const ids = trials.map((trial, i) =>
      store.createRun({ name: `trial ${i + 1}: ${JSON.stringify(trial)}`, presetId: null, layers: TINY_LAYERS, hyperparameters: settingsFor(trial), params: 5994 }).id,
    );
    const plan: Record<string, { stage: SaveStage; nth: number }> = {};
    trials.forEach((t, i) => {
      if (t.kind === 'save') plan[String(ids[i])] = { stage: t.stage, nth: t.nth };
    });
    // The forked workers inherit this; it names only this file's runs.
    process.env.MNIST_LAB_FAULT_SAVE_PLAN = JSON.stringify(plan);

    const real = createChildProcessRunner({ workerPath: fileURLToPath(new URL('./fixtures/kill-at-save-worker.ts', import.meta.url)) });
    const handles = new Map<number, TrainingHandle>();
    const runner: TrainingRunner = {
      start(job, onEvent) {
        const handle = real.start(job, onEvent);
        handles.set(job.runId, handle);
        return handle;
      },
    };
    const errors: unknown[] = [];
    const queue = new TrainingQueue({ store, runner, homeDir: home, concurrency: 2, onError: (e) => errors.push(e) });

    const heard = new Map<number, TrainingEvent[]>(ids.map((id) => [id, []]));
    const killed = new Set<number>();
    const kill = (runId: number): void => {
      const pid = handles.get(runId)?.pid;
      if (pid === undefined || killed.has(runId)) return;
      killed.add(runId);
      process.kill(pid, 'SIGKILL');
    };
    queue.on((runId, e) => {
      const events = heard.get(runId) ?? [];
      events.push(e);
      const trial = trials[ids.indexOf(runId)];
      if (trial.kind === 'batch' && e.type === 'batch' && events.filter((x) => x.type === 'batch').length === trial.nthBatch) kill(runId);
      if (trial.kind === 'epoch' && e.type === 'epoch' && e.epoch === trial.epoch) kill(runId);
      if (trial.kind === 'delay' && e.type === 'started') setTimeout(() => kill(runId), trial.ms);
    });

    try {
      ids.forEach((id) => queue.enqueue(id));
      await queue.whenIdle();
    } finally {
      delete process.env.MNIST_LAB_FAULT_SAVE_PLAN;
    }

    expect(errors).toEqual([]);
    const outcomes: string[] = [];
    for (const [i, id] of ids.entries()) {
      const run = store.getRunDetail(id);
      const events = heard.get(id) ?? [];
      expect(run, `run of trial ${i + 1}`).toMatchObject({ status: 'failed', error: SIGKILL_REASON });
      expectEventsRecorded(storedPoints(store, id), events);
      const epochs = events.filter((e) => e.type === 'epoch');
      expect(run?.epochsDone).toBe(epochs.length);
      const folders = await expectModelFoldersSound(join(home, 'models', String(id)), run?.models.map((m) => m.path) ?? [], home);
      const trial = trials[i];
      if (trial.kind === 'save' && trial.nth === 1 && (trial.stage === 'writing' || trial.stage === 'written')) {
        // Killed before the first model was in place: no folder, and none on record.
        expect(folders).toEqual([]);
        expect(run?.models).toEqual([]);
      }
      if (trial.kind === 'save' && trial.stage === 'moved-aside') {
        // Killed between moving the old checkpoint aside and putting the new one in: the old one is back.
        expect(folders).toEqual(['best']);
        expect(run?.models.map((m) => m.kind)).toEqual(['best']);
      }
      outcomes.push(`${JSON.stringify(trials[i])}: ${epochs.length} epochs, ${events.filter((e) => e.type === 'batch').length} batches heard, models [${folders}]`);
    }
    store.close();
    expect(integrityCheck(file)).toBe('ok');
    console.info(`kill -9 trials (seed ${SEED}):\n  ${outcomes.join('\n  ')}`);
  });
});
