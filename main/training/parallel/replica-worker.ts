/**
 * Entry point of a replica thread inside the training process. It holds its own TensorFlow.js
 * instance and a copy of the model and training split; for each step it takes the primary's
 * current weights from shared memory, computes the gradient of its share of the batch and writes
 * it back. It never updates weights itself: only the primary's optimizer does.
 */
import { parentPort } from 'node:worker_threads';
import type { LayersModel, Variable } from '@tensorflow/tfjs';
import { loadTf, type Tf } from '../backends';
import { buildModel } from '../model';
import { augmentImages } from '../augment';
import { DeviceDataset } from '../device-dataset';
import { ParameterLayout } from './layout';
import type { FromReplica, ReplicaInit, ReplicaStep, ToReplica } from './protocol';
import { shareGradients } from './share-gradients';

interface Replica {
  tf: Tf;
  model: LayersModel;
  variables: Variable[];
  layout: ParameterLayout;
  data: DeviceDataset;
  init: ReplicaInit;
}

async function start(init: ReplicaInit): Promise<Replica> {
  const { tf } = await loadTf(init.backend);
  const model = buildModel(tf, init.layers, init.seed);
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  const layout = new ParameterLayout(init.shapes);
  if (!layout.matches(variables.map((v) => v.shape))) {
    throw new Error('The replica built a model whose weights differ in shape from the primary\'s.');
  }
  const images = new Float32Array(init.images);
  const labels = new Uint8Array(init.labels);
  const data = DeviceDataset.upload(tf, { images, labels, count: init.count });
  return { tf, model, variables, layout, data, init };
}

function step(replica: Replica, message: ReplicaStep): FromReplica {
  const { tf, model, variables, layout, data, init } = replica;
  const [loss, correct] = tf.tidy(() => {
    variables.forEach((v, i) => v.assign(tf.tensor(layout.view(init.weights, i), v.shape)));
    const batch = data.gather(tf.tensor1d(message.indices, 'int32'));
    const xs = message.augmentation ? augmentImages(tf, batch.xs, message.augmentation) : batch.xs;
    const share = shareGradients(tf, model, variables, xs, batch.ys, message.dropoutSeed);
    share.grads.forEach((g, i) => layout.view(init.gradients, i).set(g.dataSync()));
    return [share.loss.dataSync()[0], share.correct.dataSync()[0]];
  });
  return { type: 'stepped', loss, correct };
}

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('replica-worker must run as a worker thread.');
  const reply = (message: FromReplica): void => port.postMessage(message);
  let replica: Promise<Replica> | null = null;
  port.on('message', (message: ToReplica) => {
    if (message.type === 'init') {
      replica = start(message);
      replica.then(() => reply({ type: 'ready' }), (error: unknown) => reply({ type: 'error', message: describe(error) }));
      return;
    }
    if (!replica) return reply({ type: 'error', message: 'A step arrived before the replica was started.' });
    replica.then(
      (r) => {
        try {
          reply(step(r, message));
        } catch (error) {
          reply({ type: 'error', message: describe(error) });
        }
      },
      () => undefined,
    );
  });
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

serve();
