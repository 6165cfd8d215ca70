/**
 * Adam in native code (main/training/native-adam.ts) against TensorFlow.js's AdamOptimizer on the
 * same real gradients, step after step, with a changing learning rate and with the gradient split
 * into threads' shares as train-step.ts averages them: the weights must be the same bits. Where the
 * native kernels did not build, training uses the optimizer itself and this is skipped.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../../common/layers/presets';
import { loadMnist, makeSplits } from '../../../main/data/mnist';
import { loadTf } from '../../../main/training/backends';
import { HostDataset } from '../../../main/training/host-dataset';
import { nativeKernels } from '../../../main/training/kernels/native';
import { buildModel, setLearningRate } from '../../../main/training/model';
import { NativeAdam } from '../../../main/training/native-adam';
import { shareGradients } from '../../../main/training/parallel/share-gradients';

const MISSING = 'the native kernels did not build here (no C compiler, or Windows); training then uses TensorFlow.js\'s own Adam';
const available = Boolean(nativeKernels()?.adamStep);

let data: HostDataset;
beforeAll(async () => {
  await loadTf('wasm');
  data = new HostDataset(tf, makeSplits(await loadMnist(), { validationSplit: 0, seed: 11, trainLimit: 64 * 6, testLimit: 1 }).train);
});

const trainable = (model: tf.LayersModel): tf.Variable[] => model.trainableWeights.map((w) => w.read() as tf.Variable);
const bits = (variables: tf.Variable[]): number[][] => variables.map((v) => Array.from(new Uint32Array(v.dataSync().slice().buffer)));

/** `count` shares' gradients of batch `step` (64 images split in `count`), from the weights of `model`. */
function gradientsOf(model: tf.LayersModel, step: number, sizes: number[]): tf.Tensor[][] {
  let offset = step * 64;
  return sizes.map((size) => {
    const batch = data.slice(offset, size);
    offset += size;
    const share = shareGradients(tf, model, trainable(model), batch.xs, batch.ys, 1);
    tf.dispose([batch.xs, batch.ys, share.loss, share.correct]);
    return share.grads;
  });
}

describe.skipIf(!available)(`Adam in native code${available ? '' : ` (skipped: ${MISSING})`}`, () => {
  for (const sizes of [[64], [32, 32], [22, 21, 21]]) {
    it(`updates fast99's weights to the same bits as TensorFlow.js's Adam, over 6 steps, the batch in ${sizes.length} share(s)`, () => {
      const layers = findPreset('fast99')!.layers;
      const reference = buildModel(tf, layers, 5);
      const candidate = buildModel(tf, layers, 5);
      const optimizer: tf.Optimizer = tf.train.adam(0.02, 0.7, 0.9);
      const settings = tf.train.adam(0.02, 0.7, 0.9);
      const native = NativeAdam.forOptimizer(tf, settings, 'wasm', trainable(candidate));
      expect(native).not.toBeNull();
      const size = sizes.reduce((a, b) => a + b, 0);
      for (let step = 0; step < 6; step++) {
        // A schedule moves the rate between steps; both read it from their optimizer.
        setLearningRate(optimizer, 0.02 / (step + 1));
        setLearningRate(settings, 0.02 / (step + 1));
        const shares = gradientsOf(reference, step, sizes);
        const [own, ...others] = shares;
        // The reference: train-step.ts's averaging with tensors, then the optimizer.
        tf.tidy(() => {
          const named: tf.NamedTensorMap = {};
          trainable(reference).forEach((v, i) => {
            if (others.length === 0) return void (named[v.name] = own[i]);
            let sum = tf.mul(own[i], sizes[0]);
            others.forEach((g, k) => (sum = tf.add(sum, tf.mul(tf.tensor(g[i].dataSync(), v.shape), sizes[k + 1]))));
            named[v.name] = tf.div(sum, size);
          });
          optimizer.applyGradients(named);
        });
        native!.apply(own, sizes[0], others.map((g, k) => ({ gradient: (i: number) => g[i].dataSync() as Float32Array, size: sizes[k + 1] })), size);
        shares.flat().forEach((t) => t.dispose());
        expect(bits(trainable(candidate))).toEqual(bits(trainable(reference)));
      }
      reference.dispose();
      candidate.dispose();
      optimizer.dispose();
      settings.dispose();
    });
  }

  it('is not used for other optimizers or backends, nor without the native kernels', () => {
    const model = buildModel(tf, findPreset('fast99')!.layers, 5);
    expect(NativeAdam.forOptimizer(tf, tf.train.sgd(0.1), 'wasm', trainable(model))).toBeNull();
    expect(NativeAdam.forOptimizer(tf, tf.train.adam(0.1), 'cpu', trainable(model))).toBeNull();
    model.dispose();
  });
});
