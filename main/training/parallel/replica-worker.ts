/**
 * Entry point of a replica thread inside the training process. It holds its own TensorFlow.js
 * instance and copy of the model, and reads the splits from the primary's shared memory. For each
 * step it takes the primary's current weights from shared memory, computes the gradient of its
 * share of the batch and writes it back; it never updates weights itself, only the primary's
 * optimizer does. Asked to evaluate, it takes the primary's weights and batch-norm statistics and
 * evaluates its range of a split; asked to read pictures (its share of the real-world set), it
 * reads them as the Test screen does.
 */
import { parentPort } from 'node:worker_threads';
import type { LayersModel, Tensor, Variable } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { loadTf, type Tf } from '../backends';
import { buildModel } from '../model';
import { augmentImages } from '../augment';
import { HostDataset } from '../host-dataset';
import { heapView } from '../kernels/wasmHeap';
import { evaluateRange } from '../evaluate';
import { ParameterLayout } from './layout';
import type { EvaluationSet, FromReplica, ReplicaEvaluate, ReplicaInit, ReplicaStep, ToReplica } from './protocol';
import { shareGradients } from './share-gradients';

interface Replica {
  tf: Tf;
  model: LayersModel;
  variables: Variable[];
  layout: ParameterLayout;
  /** Non-trainable weights, overwritten with the primary's before each evaluation. */
  state: Variable[];
  stateLayout: ParameterLayout;
  /** The splits in the shared memory the primary filled: batches become tensors as they are taken. */
  data: HostDataset;
  evaluation: Record<EvaluationSet, HostDataset>;
  init: ReplicaInit;
}


async function start(init: ReplicaInit): Promise<Replica> {
  const { tf } = await loadTf(init.backend);
  const model = buildModel(tf, init.layers, init.seed);
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  const layout = new ParameterLayout(init.shapes);
  const state = model.nonTrainableWeights.map((w) => w.read() as Variable);
  const stateLayout = new ParameterLayout(init.stateShapes);
  if (!layout.matches(variables.map((v) => v.shape)) || !stateLayout.matches(state.map((v) => v.shape))) {
    throw new Error('The replica built a model whose weights differ in shape from the primary\'s.');
  }
  const data = new HostDataset(tf, init.train);
  const evaluation = { val: new HostDataset(tf, init.evaluation.val), test: new HostDataset(tf, init.evaluation.test) };
  return { tf, model, variables, layout, state, stateLayout, data, evaluation, init };
}

/** Makes `variables` hold the values the primary published in `buffer`. */
function assignAll(tf: Tf, variables: Variable[], layout: ParameterLayout, buffer: SharedArrayBuffer): void {
  tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(layout.view(buffer, i), v.shape))));
}

/** A tensor's values: on wasm a view of its memory there (dataSync would copy them out first), else dataSync's copy. */
function valuesOf(tf: Tf, tensor: Tensor): Float32Array {
  return tf.getBackend() === 'wasm' && tensor.dtype === 'float32' ? heapView(tf.backend() as BackendWasm, tensor) : (tensor.dataSync() as Float32Array);
}

function step(replica: Replica, message: ReplicaStep): FromReplica {
  const { tf, model, variables, layout, data, init } = replica;
  const [loss, correct] = tf.tidy(() => {
    assignAll(tf, variables, layout, init.weights);
    const batch = data.gather(message.indices);
    const xs = message.augmentation ? augmentImages(tf, batch.xs, message.augmentation) : batch.xs;
    const share = shareGradients(tf, model, variables, xs, batch.ys, message.dropoutSeed);
    share.grads.forEach((g, i) => layout.view(init.gradients, i).set(valuesOf(tf, g)));
    return [share.loss.dataSync()[0], share.correct.dataSync()[0]];
  });
  return { type: 'stepped', loss, correct };
}

async function evaluate(replica: Replica, message: ReplicaEvaluate): Promise<FromReplica> {
  const { tf, model, init } = replica;
  assignAll(tf, replica.variables, replica.layout, init.weights);
  assignAll(tf, replica.state, replica.stateLayout, init.state);
  // The primary checks for cancellation between its own batches; a replica's range is short.
  const part = await evaluateRange(tf, model, replica.evaluation[message.set], message, { cancelled: false });
  if (!part) throw new Error('The evaluation stopped part-way.');
  return { type: 'evaluated', ...part };
}

async function handle(replica: Replica, message: Exclude<ToReplica, ReplicaInit>): Promise<FromReplica> {
  if (message.type === 'step') return step(replica, message);
  if (message.type === 'evaluate') return evaluate(replica, message);
  // Loaded on the first pictures, not at start: the reading steps and sharp took a second to load
  // in each thread, before the first step, when only the run's end needs them.
  const { prepareDigitsHere } = await import('../../inference/read-digit');
  return { type: 'prepared', digits: await prepareDigitsHere(message.images, message.options) };
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
      (r) => handle(r, message).then(reply, (error: unknown) => reply({ type: 'error', message: describe(error) })),
      () => undefined,
    );
  });
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

serve();
