import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import { loadMnist, makeSplits } from '../../../main/data/mnist';
import { loadModel } from '../../../main/models/model-files';
import { HostDataset } from '../../../main/training/host-dataset';
import { EXPLODED_LOSS } from '../../../main/training/divergence';
import { describeFailure, train } from '../../../main/training/trainer';
import { makeJob, makeTempDir, ofType, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

describe('train', () => {
  it('learns MNIST from 2,000 images, beats 85% on 1,000 test images, saves reloadable models, leaks no tensors', async () => {
    const home = makeTempDir();
    const job = makeJob(home, {
      trainLimit: 2000,
      testLimit: 1000,
      validationSplit: 0.01,
      batchSize: 32,
      epochs: 3,
      learningRate: 0.005,
    });
    const events: TrainingEvent[] = [];
    const tensorsAtEpochEnd: number[] = [];
    await train(
      job,
      (e) => {
        events.push(e);
        if (e.type === 'epoch') tensorsAtEpochEnd.push(tf.memory().numTensors);
      },
      { cancelled: false },
    );

    const ending = events.at(-1);
    if (ending?.type !== 'done') throw new Error(`Expected done, got ${JSON.stringify(ending)}`);
    expect(events[0]).toMatchObject({
      type: 'started',
      trainSize: 2000,
      valSize: 600,
      testSize: 1000,
      batchesPerEpoch: 63,
      epochs: 3,
      params: 5994,
      info: { backend: 'wasm' },
    });
    const epochs = ofType(events, 'epoch');
    expect(epochs.map((e) => [e.epoch, e.step])).toEqual([
      [1, 63],
      [2, 126],
      [3, 189],
    ]);
    expect(epochs[2].trainLoss).toBeLessThan(epochs[0].trainLoss);
    expect(epochs.every((e) => e.valAccuracy > 0.5 && e.learningRate === 0.005)).toBe(true);
    // Optimizer state appears during the first step; after that every epoch ends with the same count.
    expect(new Set(tensorsAtEpochEnd).size).toBe(1);

    const batches = ofType(events, 'batch');
    expect(batches.length).toBeLessThan(189);
    for (const epoch of [1, 2, 3]) expect(batches.some((b) => b.epoch === epoch && b.batch === 63)).toBe(true);

    expect(ending.testAccuracy).toBeGreaterThan(0.85);
    expect(ending.predictions).toHaveLength(1000);
    expect(ending.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1000);
    const diagonal = ending.confusion.reduce((sum, row, i) => sum + row[i], 0);
    expect(diagonal / 1000).toBeCloseTo(ending.testAccuracy, 10);
    expect(ending.perClass.map((c) => c.support)).toEqual(ending.confusion.map((row) => row.reduce((a, b) => a + b, 0)));

    const models = ofType(events, 'model').map((e) => e.model);
    const final = models.find((m) => m.kind === 'final');
    expect(final).toMatchObject({ path: 'models/1/final', epoch: 3 });
    expect(models.some((m) => m.kind === 'best')).toBe(true);

    // The saved final model predicts exactly the labels reported for the test set.
    const splits = makeSplits(await loadMnist(), { validationSplit: 0.01, seed: 42, trainLimit: 1, testLimit: 1000 });
    const reloaded = await loadModel(tf, join(home, 'models', '1', 'final'));
    const predicted = tf.tidy(() => {
      const xs = new HostDataset(tf, splits.test).slice(0, 1000).xs;
      return Array.from((reloaded.predict(xs) as tf.Tensor).argMax(-1).dataSync());
    });
    reloaded.dispose();
    expect(predicted).toEqual(ending.predictions);
  });

  it('stops with advice when the loss becomes NaN (sgd at learning rate 50)', async () => {
    const events: TrainingEvent[] = [];
    await train(makeJob(makeTempDir(), { optimizer: 'sgd', learningRate: 50, epochs: 3 }), (e) => events.push(e), {
      cancelled: false,
    });
    const ending = events.at(-1);
    if (ending?.type !== 'diverged') throw new Error(`Expected diverged, got ${JSON.stringify(ending)}`);
    // At this rate the ReLUs die within a few steps: the loss stays finite but far worse than guessing.
    expect(ending.message).toMatch(
      /^Loss (became NaN|became infinite|exploded) at epoch 1, step \d+.*: the learning rate 50 is probably too high; try 0\.01 or lower\.$/,
    );
    expect(ending.message).toContain(`epoch ${ending.epoch}, step ${ending.step}`);
    // The batch where it was noticed is reported despite the throttle, so the chart shows it.
    const lastBatch = ofType(events, 'batch').at(-1);
    expect(lastBatch?.step).toBe(ending.step);
    expect(lastBatch?.loss ?? 0).not.toBeLessThan(EXPLODED_LOSS);
    expect(ofType(events, 'done')).toHaveLength(0);
  });

  it('stops between batches soon after being cancelled', async () => {
    const events: TrainingEvent[] = [];
    const signal = { cancelled: false };
    let cancelledAt = 0;
    await train(
      makeJob(makeTempDir(), { epochs: 20, trainLimit: 5000, batchSize: 32 }),
      (e) => {
        events.push(e);
        if (e.type === 'batch' && cancelledAt === 0) {
          // As a 'cancel' message would: from another event-loop turn.
          setTimeout(() => {
            cancelledAt = Date.now();
            signal.cancelled = true;
          }, 0);
        }
      },
      signal,
    );
    expect(events.at(-1)).toEqual({ type: 'cancelled' });
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    expect(ofType(events, 'epoch')).toHaveLength(0);
  });

  it('reproduces a run from its seed, with augmentation and a schedule', async () => {
    const run = async (): Promise<number[]> => {
      const events: TrainingEvent[] = [];
      const job = makeJob(makeTempDir(), { epochs: 1, trainLimit: 300, augment: 'shift', schedule: 'oneCycle', seed: 9 });
      await train(job, (e) => events.push(e), { cancelled: false });
      expect(events.at(-1)?.type).toBe('done');
      return ofType(events, 'epoch').flatMap((e) => [e.trainLoss, e.valLoss, e.valAccuracy]);
    };
    expect(await run()).toEqual(await run());
  });

  it('splits batches over two worker threads when asked, says so, and stays reproducible', async () => {
    const run = async (): Promise<TrainingEvent[]> => {
      const events: TrainingEvent[] = [];
      const job = makeJob(makeTempDir(), { epochs: 1, trainLimit: 640, batchSize: 64, augment: 'handwriting', workers: '2', seed: 5 });
      await train(job, (e) => events.push(e), { cancelled: false });
      return events;
    };
    const first = await run();
    const ending = first.at(-1);
    if (ending?.type !== 'done') throw new Error(`Expected done, got ${JSON.stringify(ending)}`);
    expect(first[0]).toMatchObject({ type: 'started', info: { backend: 'wasm', threads: 2 } });
    expect(ending.testAccuracy).toBeGreaterThan(0.5);
    const curve = (events: TrainingEvent[]): number[] => ofType(events, 'epoch').flatMap((e) => [e.trainLoss, e.valLoss]);
    expect(curve(await run())).toEqual(curve(first));
  });

  it('reports a broken job as failed instead of throwing', async () => {
    const events: TrainingEvent[] = [];
    const job = { ...makeJob(makeTempDir()), layers: [] };
    await train(job, (e) => events.push(e), { cancelled: false });
    expect(events).toEqual([{ type: 'failed', message: expect.stringMatching(/no layers/) }]);
  });
});

describe('describeFailure', () => {
  it('says plainly that the disk is full, whatever wrapped the error', () => {
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write '/data/models/3/best.tmp-77/weights.bin'"), { code: 'ENOSPC' });
    const expected = 'The disk holding the data folder is full, so the run could not save its model. Free some space and try again.';
    expect(describeFailure(enospc)).toBe(expected);
    expect(describeFailure(new Error('saving failed', { cause: enospc }))).toBe(expected);
    expect(describeFailure(new Error('Failed to allocate 2 GB'))).toMatch(/^Training ran out of memory/);
    expect(describeFailure(new Error('something else'))).toBe('something else');
  });
});
