/**
 * A split of MNIST uploaded to the backend once: batches are gathered by index on the device,
 * so no image is copied from JavaScript after the start of training.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { NUM_CLASSES } from '../../common/layers/types';
import type { Subset } from '../data/mnist';

type Tf = typeof tfjs;

export interface Batch {
  xs: Tensor4D;
  ys: Tensor2D;
}

export class DeviceDataset {
  private constructor(
    private readonly tf: Tf,
    /** [count, 28, 28, 1], values 0..1. */
    readonly images: Tensor4D,
    /** [count], int32 class labels. */
    readonly labels: Tensor1D,
    readonly count: number,
  ) {}

  static upload(tf: Tf, subset: Subset): DeviceDataset {
    const images = tf.tensor4d(subset.images, [subset.count, 28, 28, 1], 'float32');
    const labels = tf.tensor1d(Int32Array.from(subset.labels), 'int32');
    return new DeviceDataset(tf, images, labels, subset.count);
  }

  /** The examples at the given positions; call inside tf.tidy. */
  gather(indices: Tensor1D): Batch {
    const { tf } = this;
    return {
      xs: tf.gather(this.images, indices),
      ys: tf.oneHot(tf.gather(this.labels, indices), NUM_CLASSES).toFloat() as Tensor2D,
    };
  }

  /** A contiguous range, for evaluation in order; call inside tf.tidy. */
  slice(start: number, size: number): Batch {
    const { tf } = this;
    return {
      xs: tf.slice(this.images, [start, 0, 0, 0], [size, 28, 28, 1]),
      ys: tf.oneHot(tf.slice(this.labels, [start], [size]), NUM_CLASSES).toFloat() as Tensor2D,
    };
  }

  dispose(): void {
    this.images.dispose();
    this.labels.dispose();
  }
}
