/**
 * A re-run is a re-run: the same layers, settings and seed on the same backend and worker count
 * give the same per-epoch metrics bit for bit, dropout and augmentation included.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../common/layers/types';
import type { Augmentation, WorkersChoice } from '../../../common/training/hyperparameters';
import type { TrainingEvent } from '../../../common/training/run';
import { train } from '../../../main/training/trainer';
import { makeJob, makeTempDir, ofType, removeTempDirs, TINY_LAYERS } from './helpers';

afterAll(removeTempDirs);

/** TINY_LAYERS with dropout before the classifier: the one random layer. */
const DROPOUT_LAYERS: LayerSpec[] = [...TINY_LAYERS.slice(0, -1), { type: 'dropout', rate: 0.5 }, TINY_LAYERS.at(-1)!];

interface Outcome {
  epochs: Array<[number, number, number, number, number]>;
  test: [number, number];
}

async function trainOnce(seed: number, workers: WorkersChoice, augment: Augmentation = 'handwriting'): Promise<Outcome> {
  const job = makeJob(makeTempDir(), { seed, workers, trainLimit: 400, testLimit: 100, batchSize: 40, epochs: 2, augment });
  const events: TrainingEvent[] = [];
  await train({ ...job, layers: DROPOUT_LAYERS }, (e) => events.push(e), { cancelled: false });
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error(`Expected done, got ${JSON.stringify(done)}`);
  const started = ofType(events, 'started')[0];
  // With two workers the run reports twice the backend's threads: proof that the replica took part.
  expect(started.info.threads % Number(workers)).toBe(0);
  return {
    epochs: ofType(events, 'epoch').map((e) => [e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.learningRate]),
    test: [done.testLoss, done.testAccuracy],
  };
}

/** Every number equal with ===, so -0 against 0 or a last-bit difference fails. */
function expectIdentical(a: Outcome, b: Outcome): void {
  expect(a.epochs).toHaveLength(2);
  a.epochs.forEach((row, epoch) => row.forEach((value, i) => expect(Object.is(value, b.epochs[epoch][i])).toBe(true)));
  expect(a.test[0] === b.test[0] && a.test[1] === b.test[1]).toBe(true);
}

describe('re-running a run on wasm', () => {
  it('gives bit-identical per-epoch metrics on one worker, and different ones with another seed', async () => {
    const first = await trainOnce(11, '1');
    const again = await trainOnce(11, '1');
    expectIdentical(first, again);
    const other = await trainOnce(12, '1');
    expect(other.epochs[0][0]).not.toBe(first.epochs[0][0]);
  }, 120_000);

  it('gives bit-identical per-epoch metrics on two workers (each replica seeds its own dropout)', async () => {
    const first = await trainOnce(11, '2');
    const again = await trainOnce(11, '2');
    expectIdentical(first, again);
  }, 120_000);

  it('gives bit-identical per-epoch metrics with the 2-pixel shifts, and other ones than with handwriting augmentation', async () => {
    const first = await trainOnce(11, '2', 'shift');
    expectIdentical(first, await trainOnce(11, '2', 'shift'));
    expect(first.epochs[0][0]).not.toBe((await trainOnce(11, '2', 'handwriting')).epochs[0][0]);
  }, 120_000);
});
