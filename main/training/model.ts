/**
 * Turns a validated layer stack into a TensorFlow.js model, and settings into an optimizer. Takes the
 * tf namespace as an argument so the same code serves @tensorflow/tfjs, tfjs-node and tfjs-node-gpu.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { describeLayer } from '../../common/layers/describe';
import { INPUT_SHAPE, type Activation, type LayerSpec } from '../../common/layers/types';
import type { Hyperparameters } from '../../common/training/hyperparameters';
import { createRng } from '../../common/training/random';

type Tf = typeof tfjs;
type TfLayer = Parameters<tfjs.Sequential['add']>[0];
type TfActivation = NonNullable<Parameters<Tf['layers']['dense']>[0]['activation']>;
type Initializer = ReturnType<Tf['initializers']['glorotUniform']>;

/**
 * A per-layer initialiser seed, never 0: tfjs treats a seed of 0 as "no seed" in its normal
 * generators, which would silently make the weights random again.
 */
export function layerSeed(seed: number, layerIndex: number): number {
  const rng = createRng((Math.trunc(seed) ^ Math.imul(layerIndex + 1, 0x9e3779b1)) >>> 0);
  return 1 + Math.floor(rng() * 2147483646);
}

/**
 * The dropout seed of one share of one optimisation step (share 0 is the primary's, 1.. the
 * replicas'), so a re-run with the same seed and worker count drops the same units at every step.
 */
export function dropoutSeed(seed: number, step: number, share: number): number {
  return layerSeed((Math.trunc(seed) ^ Math.imul(step + 1, 0x85ebca6b) ^ Math.imul(share + 1, 0xc2b2ae35)) >>> 0, 0);
}

/**
 * Gives every dropout layer of `model` its own seed derived from `seed`, before a forward pass.
 * tfjs's Dropout draws its mask from the seed it holds (unseeded, from Math.random), and has no
 * per-call seed argument, so the field is set here; it is saved in model.json but inference never
 * draws a mask.
 */
export function seedDropout(model: tfjs.LayersModel, seed: number): void {
  model.layers.forEach((layer, index) => {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed: number }).seed = layerSeed(seed, index);
  });
}

const RELU_FAMILY: readonly Activation[] = ['relu', 'elu', 'leakyRelu'];

/** He initialisation for ReLU-like units keeps activations from shrinking; Glorot suits the rest. */
function kernelInitializer(tf: Tf, activation: Activation, seed: number): Initializer {
  return RELU_FAMILY.includes(activation) ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
}

/**
 * tfjs has no 'leakyRelu' activation string for conv2d/dense, so such a layer is built linear and
 * followed by a LeakyReLU layer (tfjs's default alpha, 0.3).
 */
const layerActivation = (activation: Activation): TfActivation => (activation === 'leakyRelu' ? 'linear' : activation);

/** How many tfjs layers one spec becomes (two for conv2d/dense with leakyRelu), to map spec indexes to model.layers. */
export function tfLayerCount(spec: LayerSpec): number {
  return (spec.type === 'conv2d' || spec.type === 'dense') && spec.activation === 'leakyRelu' ? 2 : 1;
}

function tfLayersFor(tf: Tf, spec: LayerSpec, seed: number, first: { inputShape?: number[] }): TfLayer[] {
  switch (spec.type) {
    case 'conv2d': {
      const { filters, kernelSize, strides, padding, activation } = spec;
      const kernel = kernelInitializer(tf, activation, seed);
      const layer = tf.layers.conv2d({ ...first, filters, kernelSize, strides, padding, activation: layerActivation(activation), kernelInitializer: kernel });
      return activation === 'leakyRelu' ? [layer, tf.layers.leakyReLU()] : [layer];
    }
    case 'dense': {
      const kernel = kernelInitializer(tf, spec.activation, seed);
      const layer = tf.layers.dense({ ...first, units: spec.units, activation: layerActivation(spec.activation), kernelInitializer: kernel });
      return spec.activation === 'leakyRelu' ? [layer, tf.layers.leakyReLU()] : [layer];
    }
    case 'maxPooling2d':
      return [tf.layers.maxPooling2d({ ...first, poolSize: spec.poolSize, strides: spec.strides, padding: spec.padding })];
    case 'averagePooling2d':
      return [tf.layers.averagePooling2d({ ...first, poolSize: spec.poolSize, strides: spec.strides, padding: spec.padding })];
    case 'globalAveragePooling2d':
      return [tf.layers.globalAveragePooling2d({ ...first })];
    case 'batchNormalization':
      return [tf.layers.batchNormalization({ ...first })];
    case 'dropout':
      // Seeded per step by seedDropout: a seed fixed here would draw the same mask on every batch.
      return [tf.layers.dropout({ ...first, rate: spec.rate })];
    case 'flatten':
      return [tf.layers.flatten({ ...first })];
    case 'activation':
      return spec.activation === 'leakyRelu'
        ? [tf.layers.leakyReLU({ ...first })]
        : [tf.layers.activation({ ...first, activation: spec.activation })];
    default:
      throw new Error(`Unknown layer type ${JSON.stringify((spec as { type?: unknown }).type)}.`);
  }
}

/**
 * A tf.sequential on [28, 28, 1] with one tfjs layer per spec (two for conv/dense with leakyRelu).
 * Kernel initialisers are seeded from `seed` and the layer position, so the same seed gives the same
 * initial weights. Returned uncompiled: the trainer picks the loss, optimizer and metrics.
 * Run analyzeArchitecture first; a stack it rejects may fail here with tfjs's own wording.
 */
export function buildModel(tf: Tf, layers: LayerSpec[], seed: number): tfjs.LayersModel {
  if (layers.length === 0) throw new Error('The model has no layers: add at least a flatten layer and a dense 10 softmax layer.');
  const model = tf.sequential();
  layers.forEach((spec, index) => {
    const first = index === 0 ? { inputShape: [...INPUT_SHAPE] } : {};
    try {
      for (const layer of tfLayersFor(tf, spec, layerSeed(seed, index), first)) model.add(layer);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Layer ${index + 1} (${describeLayer(spec)}) could not be built: ${reason}`);
    }
  });
  return model;
}

/** Adam (with the settings' betas), SGD (with momentum when momentum > 0) or RMSProp at the settings' learning rate. */
export function createOptimizer(tf: Tf, h: Hyperparameters): tfjs.Optimizer {
  switch (h.optimizer) {
    case 'adam':
      return tf.train.adam(h.learningRate, h.beta1, h.beta2);
    case 'sgd':
      return h.momentum > 0 ? tf.train.momentum(h.learningRate, h.momentum) : tf.train.sgd(h.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(h.learningRate);
    default:
      throw new Error(`Unknown optimizer ${JSON.stringify(h.optimizer)}: use adam, sgd or rmsprop.`);
  }
}

/**
 * Changes an optimizer's rate between batches, for schedules. SGD and momentum cache the rate in a
 * tensor that only setLearningRate refreshes; Adam and RMSProp read their learningRate field each step.
 */
export function setLearningRate(optimizer: tfjs.Optimizer, learningRate: number): void {
  const target = optimizer as unknown as { setLearningRate?: unknown; learningRate?: unknown };
  if (typeof target.setLearningRate === 'function') {
    (target.setLearningRate as (rate: number) => void).call(optimizer, learningRate);
  } else {
    target.learningRate = learningRate;
  }
}
