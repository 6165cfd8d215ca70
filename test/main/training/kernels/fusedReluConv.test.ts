/**
 * Conv layers with ReLU train as one fused kernel on wasm (fusedReluConv.ts): which kernels a
 * training pass runs, that the gradients are still the cpu backend's, and that inference and other
 * backends keep tfjs's own op.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../../common/layers/types';
import { loadTf } from '../../../../main/training/backends';
import { RELU_CONV_KERNEL, RELU_GRADIENT_KERNEL } from '../../../../main/training/kernels/fusedReluConv';
import { nativeKernels } from '../../../../main/training/kernels/native';
import { buildModel } from '../../../../main/training/model';
import { expectWasmMatchesCpu } from './compare';
import { readMnistSample, type MnistSample } from './mnist-sample';

type Tf = typeof tfjs;

const native = nativeKernels()?.reluGradient ? nativeKernels() : null;
const MISSING = 'the native kernels did not build here (no C compiler, or Windows); ReLU convs then train as tfjs runs them, which the other kernel tests cover';

/** Two ReLU convs (the first on the images, the second on a pooled map), then a dense softmax. */
const LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
  { type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' },
  { type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'flatten' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

let mnist: MnistSample;
beforeAll(() => {
  mnist = readMnistSample(4);
});

/** The loss on a batch of digits and its gradient for every weight, computed in one training pass. */
function lossAndGradients(tf: Tf, model: tfjs.LayersModel): tfjs.Tensor[] {
  const x = tf.tensor4d(mnist.images, [mnist.count, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from(mnist.labels), 'int32'), 10);
  const variables = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
  // Scaled up so that every gradient stands well above the comparison's floor of 0.1.
  const loss = (): tfjs.Scalar => tf.mul(tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tfjs.Tensor), 100) as tfjs.Scalar;
  const { value, grads } = tf.variableGrads(loss, variables);
  return [value, ...variables.map((v) => grads[v.name])];
}

async function kernelsRun(tf: Tf, work: () => tfjs.Tensor | tfjs.Tensor[]): Promise<string[]> {
  const profile = await tf.profile(() => work());
  return profile.kernels.map((k) => k.name);
}

describe.skipIf(!native)(`ReLU conv layers in training on wasm${native ? '' : ` (skipped: ${MISSING})`}`, () => {
  it('run as one fused kernel forward and one pass for the ReLU gradient, and skip the images\' own gradient', async () => {
    const { tf } = await loadTf('wasm');
    const model = buildModel(tf, LAYERS, 3);
    try {
      const names = await kernelsRun(tf, () => lossAndGradients(tf, model));
      expect(names.filter((n) => n === RELU_CONV_KERNEL)).toHaveLength(2);
      expect(names.filter((n) => n === RELU_GRADIENT_KERNEL)).toHaveLength(2);
      expect(names).not.toContain('Relu');
      expect(names).not.toContain('Step');
      // Only the second conv's input needs a gradient; the first conv's input is the images.
      expect(names.filter((n) => n === 'Conv2DBackpropInput')).toHaveLength(1);
      expect(names.filter((n) => n === 'Conv2DBackpropFilter')).toHaveLength(2);
    } finally {
      model.dispose();
    }
  });

  it('give the loss and gradients the cpu backend computes', async () => {
    // The same seed builds the same weights on either backend.
    await expectWasmMatchesCpu((tf) => {
      const model = buildModel(tf, LAYERS, 3);
      try {
        return lossAndGradients(tf, model);
      } finally {
        model.dispose();
      }
    });
  });

  it('leave shapes that do not fit to tfjs\'s own op, which says what is wrong', async () => {
    const { tf } = await loadTf('wasm');
    const x = tf.zeros([1, 5, 5, 3]) as tfjs.Tensor4D;
    const filter = tf.zeros([3, 3, 2, 16]) as tfjs.Tensor4D;
    const bias = tf.zeros([16]);
    try {
      expect(() => tf.grad((input: tfjs.Tensor) => tf.sum(tf.fused.conv2d({ x: input as tfjs.Tensor4D, filter, strides: 1, pad: 'same', bias, activation: 'relu' })))(x)).toThrow(
        /depth of input \(3\) must match input depth for filter 2/,
      );
    } finally {
      tf.dispose([x, filter, bias]);
    }
  });

  it('leave inference to tfjs\'s own fused op', async () => {
    const { tf } = await loadTf('wasm');
    const model = buildModel(tf, LAYERS, 3);
    try {
      const names = await kernelsRun(tf, () => model.predict(tf.zeros([2, 28, 28, 1])) as tfjs.Tensor);
      expect(names.filter((n) => n === 'FusedConv2D')).toHaveLength(2);
      expect(names).not.toContain(RELU_CONV_KERNEL);
    } finally {
      model.dispose();
    }
  });
});

describe('ReLU conv layers on the cpu backend', () => {
  it('train with tfjs\'s own kernels (the fused path is for wasm only)', async () => {
    const { tf } = await loadTf('cpu');
    const model = buildModel(tf, LAYERS, 3);
    try {
      const names = await kernelsRun(tf, () => lossAndGradients(tf, model));
      expect(names).toContain('Relu');
      expect(names).not.toContain(RELU_CONV_KERNEL);
    } finally {
      model.dispose();
    }
  });
});
