/**
 * A split of MNIST kept in (shared) memory as bytes: each batch becomes a tensor when it is taken,
 * normalised to 0..1 on the way. Every thread of a run reads the same copy in place; copying a
 * batch of 64 images costs microseconds, where uploading a whole split to each thread's backend
 * cost 170 MB and a second or more per thread.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { NUM_CLASSES } from '../../common/layers/types';
import { normaliseInto, type Subset } from '../data/mnist';

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
    const { pixels, labels, count } = this.subset;
    const images = new Float32Array(indices.length * PIXELS);
    const classes = new Uint8Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const at = indices[i];
      if (!(at >= 0 && at < count)) throw new Error(`Example ${at} is outside the split (${count} examples).`);
      normaliseInto(images, i * PIXELS, pixels.subarray(at * PIXELS, (at + 1) * PIXELS));
      classes[i] = labels[at];
    }
    return this.batch(images, classes);
  }

  slice(start: number, size: number): Batch {
    const images = new Float32Array(size * PIXELS);
    normaliseInto(images, 0, this.subset.pixels.subarray(start * PIXELS, (start + size) * PIXELS));
    return this.batch(images, this.subset.labels.subarray(start, start + size));
  }

  private batch(images: Float32Array, classes: Uint8Array): Batch {
    // One-hot on the host: the same 0/1 floats as tf.oneHot, without three kernels per batch.
    const oneHot = new Float32Array(classes.length * NUM_CLASSES);
    classes.forEach((c, i) => (oneHot[i * NUM_CLASSES + c] = 1));
    return {
      xs: this.tf.tensor4d(images, [classes.length, 28, 28, 1]),
      ys: this.tf.tensor2d(oneHot, [classes.length, NUM_CLASSES]),
    };
  }
}
