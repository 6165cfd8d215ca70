/**
 * A split of MNIST uploaded to the backend once: batches are gathered by index on the device,
 * so no image is copied from JavaScript after the start of training.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { NUM_CLASSES } from '../../common/layers/types';
import type { Subset } from '../data/mnist';

type Tf = typeof tfjs;

const PIXELS = 28 * 28;

export interface Batch {
  xs: Tensor4D;
  ys: Tensor2D;
}

/** Examples that can be taken in contiguous ranges, as evaluation does. */
export interface ExampleRanges {
  readonly count: number;
  /** Examples [start, start + size) as one batch; call inside tf.tidy. */
  slice(start: number, size: number): Batch;
}

export class DeviceDataset implements ExampleRanges {
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

/**
 * A split left in (shared) memory: each batch becomes a tensor when it is taken. Replica threads
 * use it, so the split is uploaded once per process rather than once per thread (169 MB and up to
 * a second or two each); copying a batch of 64 images costs microseconds. Same values as
 * DeviceDataset's gather and slice.
 */
export class HostDataset implements ExampleRanges {
  constructor(
    private readonly tf: Tf,
    private readonly subset: Subset,
  ) {}

  get count(): number {
    return this.subset.count;
  }

  /** The examples at the given positions; call inside tf.tidy. */
  gather(indices: ArrayLike<number>): Batch {
    const images = new Float32Array(indices.length * PIXELS);
    const labels = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const at = indices[i];
      if (!(at >= 0 && at < this.subset.count)) throw new Error(`Example ${at} is outside the split (${this.subset.count} examples).`);
      images.set(this.subset.images.subarray(at * PIXELS, (at + 1) * PIXELS), i * PIXELS);
      labels[i] = this.subset.labels[at];
    }
    return this.batch(images, labels);
  }

  slice(start: number, size: number): Batch {
    return this.batch(this.subset.images.subarray(start * PIXELS, (start + size) * PIXELS), Int32Array.from(this.subset.labels.subarray(start, start + size)));
  }

  private batch(images: Float32Array, labels: Int32Array): Batch {
    const { tf } = this;
    return {
      xs: tf.tensor4d(images, [labels.length, 28, 28, 1]),
      ys: tf.oneHot(tf.tensor1d(labels, 'int32'), NUM_CLASSES).toFloat() as Tensor2D,
    };
  }
}
