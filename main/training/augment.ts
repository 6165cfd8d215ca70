/**
 * Seeded random shifts of up to 2 pixels in each direction, done on the device. Each image is
 * multiplied by 0/1 shift matrices on both sides (out = Sy · X · Sxᵀ), which moves whole pixels
 * exactly, fills the border with zeros, and only needs batchMatMul and oneHot, kernels every
 * backend has. (tf.image.cropAndResize would be the obvious tool, but the wasm backend's
 * version ignores the per-box coordinates.)
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor1D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';

type Tf = typeof tfjs;

export const MAX_SHIFT = 2;
const SIZE = 28;

/** [dy, dx] in -MAX_SHIFT..MAX_SHIFT for each example, drawn from the seeded rng. */
export function drawShifts(count: number, rng: () => number): Array<[number, number]> {
  const span = 2 * MAX_SHIFT + 1;
  return Array.from({ length: count }, () => [Math.floor(rng() * span) - MAX_SHIFT, Math.floor(rng() * span) - MAX_SHIFT]);
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
