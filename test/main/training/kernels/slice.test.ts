import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { valuesOn } from './compare';
import { readMnistSample } from './mnist-sample';

type Tf = typeof tfjs;

describe('Slice on wasm', () => {
  it('takes batches, label ranges and odd-shaped slices as the cpu backend does', async () => {
    const mnist = readMnistSample(40);
    const compute = (tf: Tf): tfjs.Tensor[] => {
      const images = tf.tensor4d(mnist.images, [40, 28, 28, 1]);
      const labels = tf.tensor1d(Int32Array.from(mnist.labels), 'int32');
      return [
        tf.slice(images, [13, 0, 0, 0], [9, 28, 28, 1]), // an evaluation batch: contiguous
        tf.slice(labels, [13], [9]),
        tf.slice(images, [39, 0, 0, 0], [-1, -1, -1, -1]), // the last image, sizes to the end
        tf.slice(images, [2, 5, 0, 0], [1, 3, 28, 1]), // rows of one image: still contiguous
        tf.slice(images, [0, 4, 4, 0], [3, 20, 20, 1]), // a crop: not contiguous, the stock kernel's
        tf.slice(labels, [7], [0]), // empty
      ];
    };
    const onWasm = await valuesOn('wasm', compute);
    const onCpu = await valuesOn('cpu', compute);
    expect(onWasm.map((v) => v.length)).toEqual([9 * 784, 9, 784, 3 * 28, 3 * 400, 0]);
    onCpu.forEach((reference, i) => expect(Array.from(onWasm[i])).toEqual(Array.from(reference)));
    expect(onCpu[0].some((v) => v > 0.5)).toBe(true);
  });
});
