/**
 * Augmentation of training batches, on the device, drawn from the run's seed: the setting's kind
 * (common/training/hyperparameters.ts AUGMENTATIONS) decides what each batch gets.
 *
 * 'shift': seeded random shifts of up to 2 pixels in each direction. Each image is multiplied by
 * 0/1 shift matrices on both sides (out = Sy · X · Sxᵀ), which moves whole pixels exactly, fills
 * the border with zeros, and only needs batchMatMul and oneHot, kernels every backend has.
 * (tf.image.cropAndResize would be the obvious tool, but the wasm backend's version ignores the
 * per-box coordinates.) Runs recorded with the older on/off setting used exactly this.
 *
 * 'handwriting': warp.ts (rotation, scale, shear, shift, stroke width, elastic distortion).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor1D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Augmentation } from '../../common/training/hyperparameters';
import { drawWarps, WARP_VALUES, warpImages } from './warp';

type Tf = typeof tfjs;

export const MAX_SHIFT = 2;
const SIZE = 28;

/** One batch's augmentation, drawn on the primary and split with the batch between workers. */
export type AugmentBatch = { kind: 'shift'; shifts: Array<[number, number]> } | { kind: 'handwriting'; warps: Float32Array };

/** [dy, dx] in -MAX_SHIFT..MAX_SHIFT for each example, drawn from the seeded rng. */
export function drawShifts(count: number, rng: () => number): Array<[number, number]> {
  const span = 2 * MAX_SHIFT + 1;
  return Array.from({ length: count }, () => [Math.floor(rng() * span) - MAX_SHIFT, Math.floor(rng() * span) - MAX_SHIFT]);
}

/** What the setting gives a batch of `count` examples; null when it is off. */
export function drawAugmentation(kind: Augmentation, count: number, rng: () => number): AugmentBatch | null {
  if (kind === 'shift') return { kind, shifts: drawShifts(count, rng) };
  if (kind === 'handwriting') return { kind, warps: drawWarps(count, rng) };
  return null;
}

/** The part of a batch's augmentation for examples [offset, offset + size). */
export function sliceAugmentation(batch: AugmentBatch, offset: number, size: number): AugmentBatch {
  return batch.kind === 'shift'
    ? { kind: 'shift', shifts: batch.shifts.slice(offset, offset + size) }
    : { kind: 'handwriting', warps: batch.warps.slice(offset * WARP_VALUES, (offset + size) * WARP_VALUES) };
}

/** Call inside tf.tidy. */
export function augmentImages(tf: Tf, images: Tensor4D, batch: AugmentBatch): Tensor4D {
  return batch.kind === 'shift' ? shiftImages(tf, images, batch.shifts) : warpImages(tf, images, batch.warps);
}

/** [count, 28, 28] matrices with S[i][r][r + offset_i] = 1; rows pointing outside the image stay zero. */
function shiftMatrices(tf: Tf, offsets: Tensor1D): Tensor3D {
  const rows = tf.range(0, SIZE, 1, 'int32').reshape([1, SIZE]);
  const sources = tf.add(rows, offsets.reshape([-1, 1])) as tfjs.Tensor2D;
  // oneHot gives an all-zero row for an index outside 0..27: exactly the zero fill of a shift.
  return tf.oneHot(sources, SIZE).toFloat() as Tensor3D;
}

/**
 * Call inside tf.tidy. `shifts[i] = [dy, dx]`: pixel (y, x) of the result is pixel
 * (y + dy, x + dx) of the input, or 0 outside it; [0, 0] leaves an image unchanged.
 */
export function shiftImages(tf: Tf, images: Tensor4D, shifts: Array<[number, number]>): Tensor4D {
  const count = images.shape[0];
  if (shifts.length !== count) throw new Error(`Expected ${count} shifts, got ${shifts.length}.`);
  const dy = tf.tensor1d(shifts.map((s) => s[0]), 'int32');
  const dx = tf.tensor1d(shifts.map((s) => s[1]), 'int32');
  const flat = images.reshape([count, SIZE, SIZE]) as Tensor3D;
  const shifted = tf.matMul(shiftMatrices(tf, dy), tf.matMul(flat, shiftMatrices(tf, dx), false, true));
  return shifted.reshape([count, SIZE, SIZE, 1]);
}
