import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, makeSplits, type Subset } from '../../../main/data/mnist';
import { loadTf } from '../../../main/training/backends';
import { HostDataset } from '../../../main/training/host-dataset';

let split: Subset;

beforeAll(async () => {
  await loadTf('wasm');
  split = makeSplits(await loadMnist(), { validationSplit: 0, seed: 5, trainLimit: 300, testLimit: 1 }).train;
});

describe('HostDataset (a split kept as bytes, batches made when taken)', () => {
  it('gives the batches that the whole split normalised and gathered on the backend gives, by positions and by ranges', () => {
    const host = new HostDataset(tf, split);
    const picks = [299, 0, 17, 17, 150];
    const values = (batch: { xs: tf.Tensor; ys: tf.Tensor }): number[][] => [Array.from(batch.xs.dataSync()), Array.from(batch.ys.dataSync())];
    tf.tidy(() => {
      // The reference, as training read the splits before: every image uploaded as 0..1 floats, gathered there.
      const images = tf.tensor4d(Float32Array.from(split.pixels, (v) => v / 255), [split.count, 28, 28, 1]);
      const labels = tf.tensor1d(Int32Array.from(split.labels), 'int32');
      const reference = (at: tf.Tensor1D) => ({ xs: tf.gather(images, at), ys: tf.oneHot(tf.gather(labels, at), 10).toFloat() });
      expect(host.count).toBe(300);
      expect(values(host.gather(picks))).toEqual(values(reference(tf.tensor1d(picks, 'int32'))));
      expect(values(host.slice(250, 50))).toEqual(values(reference(tf.range(250, 300, 1, 'int32') as tf.Tensor1D)));
      expect(host.gather(picks).xs.shape).toEqual([5, 28, 28, 1]);
      expect(host.gather(picks).ys.shape).toEqual([5, 10]);
    });
    expect(() => host.gather([300])).toThrow(/outside the split/);
  });
});
