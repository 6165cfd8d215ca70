import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gatherRows } from '../../../../main/training/kernels/gather';
import { fixedRandom, valuesOn } from './compare';
import { readMnistSample } from './mnist-sample';

type Tf = typeof tfjs;

describe('gatherRows', () => {
  it('copies the picked rows in order, repeats included', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i);
    const out = new Float32Array(9);
    expect(gatherRows(x, 3, [2, 0, 2], out)).toBe(true);
    expect(Array.from(out)).toEqual([6, 7, 8, 0, 1, 2, 6, 7, 8]);
  });

  it('refuses an index outside the rows (the stock kernel then reports it)', () => {
    const out = new Int32Array(2);
    expect(gatherRows(new Int32Array(4), 2, [1, 2], out)).toBe(false);
    expect(gatherRows(new Int32Array(4), 2, [-1], out)).toBe(false);
  });
});

describe('GatherV2 on wasm', () => {
  it('takes a batch of MNIST images and labels as the cpu backend does, for 1-D and 2-D index tensors', async () => {
    const mnist = readMnistSample(50);
    const picks = Int32Array.from(fixedRandom(24, 31), (v) => Math.floor((v + 1) * 25) % 50);
    const compute = (tf: Tf): tfjs.Tensor[] => {
      const images = tf.tensor4d(mnist.images, [50, 28, 28, 1]);
      const labels = tf.tensor1d(Int32Array.from(mnist.labels), 'int32');
      const flat = tf.tensor1d(picks, 'int32');
      const grid = tf.tensor2d(picks, [4, 6], 'int32');
      // The last: a gather along another axis, which stays with the stock kernel.
      return [tf.gather(images, flat), tf.gather(labels, flat), tf.gather(images, grid), tf.gather(images, tf.tensor1d([3, 1], 'int32'), 1)];
    };
    const onWasm = await valuesOn('wasm', compute);
    const onCpu = await valuesOn('cpu', compute);
    onCpu.forEach((reference, i) => expect(Array.from(onWasm[i])).toEqual(Array.from(reference)));
    expect(onCpu[0].some((v) => v > 0.5)).toBe(true);
  });
});
