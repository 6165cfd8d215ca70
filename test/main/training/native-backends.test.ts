/**
 * Native TensorFlow (issue #12, target 4). On tfjs-node and tfjs-node-gpu a run goes through the same
 * trainer, training step and model code as on wasm. Only the kernels differ: TensorFlow's own, because
 * this project registers its kernels and native Adam for the wasm backend alone. Those packages
 * download libtensorflow when they are installed, which fails where that host cannot be reached. There
 * their tests skip and say so, and the plain cpu backend is the twin that runs everywhere: it too has
 * none of the wasm kernels and applies Adam through tfjs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendId } from '../../../common/training/hyperparameters';
import type { TrainingEvent } from '../../../common/training/run';
import { probeBackends } from '../../../main/training/backends';
import { train } from '../../../main/training/trainer';
import { makeJob, makeTempDir, ofType, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

const probes = await probeBackends();

/**
 * A short run of the tutorial-sized network with Adam on `backend`; returns its events. Small
 * because the plain cpu backend takes a minute for 160 images of the default preset, and 2.6 s per
 * 50-image step of this one.
 */
async function trainSmallRun(backend: BackendId): Promise<TrainingEvent[]> {
  const job = makeJob(makeTempDir(), { backend, epochs: 1, batchSize: 10, trainLimit: 200, testLimit: 100 });
  const events: TrainingEvent[] = [];
  await train(job, (e) => events.push(e), { cancelled: false });
  return events;
}

function expectTrained(events: TrainingEvent[], backend: BackendId): void {
  const ending = events.at(-1);
  if (ending?.type !== 'done') throw new Error(`Expected done, got ${JSON.stringify(ending)}`);
  expect(events[0]).toMatchObject({ type: 'started', info: { backend } });
  const batches = ofType(events, 'batch');
  // Twenty steps of 10 images: the loss falls and the test set reads above chance.
  expect(ofType(events, 'epoch')[0].trainLoss).toBeLessThan(batches[0].loss);
  expect(ending.testAccuracy).toBeGreaterThan(0.2);
  expect(ofType(events, 'model').length).toBeGreaterThan(0);
}

for (const backend of ['tfjs-node', 'tfjs-node-gpu'] as const) {
  const probe = probes.find((p) => p.backend === backend);
  const skipped = probe?.available ? '' : ` (skipped: ${probe?.reason ?? 'not probed.'} The cpu backend below is its twin here.)`;
  describe.skipIf(!probe?.available)(`training on ${backend}${skipped}`, () => {
    it('trains through the same trainer, with TensorFlow\'s kernels', async () => {
      expectTrained(await trainSmallRun(backend), backend);
    }, 120_000);
  });
}

describe('training on the plain cpu backend (no wasm kernels, Adam applied by tfjs)', () => {
  it('trains through the same trainer as every other backend', async () => {
    expectTrained(await trainSmallRun('cpu'), 'cpu');
  }, 120_000);
});
