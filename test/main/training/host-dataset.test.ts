import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, makeSplits, type Subset } from '../../../main/data/mnist';
import { loadTf } from '../../../main/training/backends';
import { DeviceDataset, HostDataset } from '../../../main/training/device-dataset';

let split: Subset;

beforeAll(async () => {
  await loadTf('wasm');
  split = makeSplits(await loadMnist(), { validationSplit: 0, seed: 5, trainLimit: 300, testLimit: 1 }).train;
});

describe('HostDataset (a replica thread\'s view of a split in shared memory)', () => {
  it('gives the same batches as the split uploaded to the device, by positions and by ranges', () => {
    const shared = new SharedArrayBuffer(split.images.byteLength);
    new Float32Array(shared).set(split.images);
    const host = new HostDataset(tf, { images: new Float32Array(shared), labels: split.labels, count: split.count });
    const device = DeviceDataset.upload(tf, split);
    const picks = [299, 0, 17, 17, 150];
    const values = (batch: { xs: tf.Tensor; ys: tf.Tensor }): number[][] => [Array.from(batch.xs.dataSync()), Array.from(batch.ys.dataSync())];
    tf.tidy(() => {
      expect(host.count).toBe(300);
      expect(values(host.gather(picks))).toEqual(values(device.gather(tf.tensor1d(picks, 'int32'))));
      expect(values(host.slice(250, 50))).toEqual(values(device.slice(250, 50)));
      expect(host.gather(picks).xs.shape).toEqual([5, 28, 28, 1]);
    });
    expect(() => host.gather([300])).toThrow(/outside the split/);
    device.dispose();
  });
});
