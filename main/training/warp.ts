/**
 * Handwriting augmentation on the device: each training image is resampled through its own small
 * random affine map (rotation, scale, shear, shift), bent by a smooth elastic wobble, then its
 * strokes are thickened or thinned. The per-example parameters are drawn on the CPU from the run's
 * seeded stream (15 numbers per image, so re-runs repeat exactly and a batch shared between
 * workers is split like its examples); the per-pixel work is tensor ops every backend has:
 * image.transform (bilinear), pad, slice, matMul, maxPool. A general per-pixel displacement field
 * would need gather, which costs about 40 ns per value on wasm: ten times all the rest together.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';

type Tf = typeof tfjs;

const SIZE = 28;
const PIXELS = SIZE * SIZE;
/** The image's centre in pixel-index coordinates: rotation, scale and shear turn around it. */
const CENTRE = (SIZE - 1) / 2;
/** The elastic wobble is drawn at GRID control points along each axis and interpolated: smooth by construction. */
const GRID = 4;

/**
 * How far each kind of variation goes. Rotation, scale and slant stay within what people's
 * handwriting spans without turning a 6 into a 9 or a 1 into a 7; stroke changes up to one
 * pixel each way (the reading steps already bring strokes near MNIST's width).
 */
export const HANDWRITING_LIMITS = {
  rotationDegrees: 12,
  scale: [0.85, 1.12],
  /** Extra squeeze or stretch of one axis against the other (log-uniform factor). */
  aspect: 0.08,
  /** Horizontal shear per pixel of height: a slant of about ±14 degrees. */
  shear: 0.25,
  shiftPixels: 2,
  /** Stroke change: negative thins (erosion), positive thickens (dilation), 1 is a whole pixel's worth. */
  thickness: [-0.5, 0.3],
  /** Largest elastic displacement, in pixels (at most 1: see wobble). */
  elasticPixels: 1,
} as const;

/** a, b, c, d (source = [a b; c d] · centred output + shift), tx, ty, thickness, then the elastic wobble's row and column controls. */
export const WARP_VALUES = 7 + 2 * GRID;

const between = (rng: () => number, low: number, high: number): number => low + (high - low) * rng();

/** WARP_VALUES numbers per example, drawn from the seeded rng. */
export function drawWarps(count: number, rng: () => number): Float32Array {
  const L = HANDWRITING_LIMITS;
  const params = new Float32Array(count * WARP_VALUES);
  for (let i = 0; i < count; i++) {
    const at = i * WARP_VALUES;
    const angle = (between(rng, -1, 1) * L.rotationDegrees * Math.PI) / 180;
    const scale = Math.exp(between(rng, Math.log(L.scale[0]), Math.log(L.scale[1])));
    const aspect = Math.exp(between(rng, -L.aspect, L.aspect));
    const shear = between(rng, -L.shear, L.shear);
    // Sampling map = rotation · shear · 1/scale: where in the source each output pixel looks.
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const sx = 1 / (scale * aspect);
    const sy = aspect / scale;
    params[at] = cos * sx;
    params[at + 1] = (cos * shear - sin) * sy;
    params[at + 2] = sin * sx;
    params[at + 3] = (sin * shear + cos) * sy;
    params[at + 4] = between(rng, -L.shiftPixels, L.shiftPixels);
    params[at + 5] = between(rng, -L.shiftPixels, L.shiftPixels);
    params[at + 6] = between(rng, L.thickness[0], L.thickness[1]);
    for (let k = 7; k < WARP_VALUES; k++) params[at + k] = between(rng, -L.elasticPixels, L.elasticPixels);
  }
  return params;
}

/** [GRID, 28]: linear interpolation from the control points (spread over the image) to every pixel. */
function interpolationRows(): Float32Array {
  const rows = new Float32Array(GRID * SIZE);
  for (let x = 0; x < SIZE; x++) {
    const t = (x / (SIZE - 1)) * (GRID - 1);
    const g = Math.min(Math.floor(t), GRID - 2);
    const f = t - g;
    rows[g * SIZE + x] = 1 - f;
    rows[(g + 1) * SIZE + x] = f;
  }
  return rows;
}

/**
 * [n, 8] projective transforms for tf.image.transform (the last two 0: affine): output pixel
 * (x, y) reads the input at [a b; c d] · (x - centre, y - centre) + centre + shift.
 */
function affineTransforms(params: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * 8);
  for (let i = 0; i < n; i++) {
    const [a, b, c, d, tx, ty] = params.subarray(i * WARP_VALUES, i * WARP_VALUES + 6);
    out.set([a, b, CENTRE - (a + b) * CENTRE + tx, c, d, CENTRE - (c + d) * CENTRE + ty, 0, 0], i * 8);
  }
  return out;
}

/**
 * Moves each row of every image sideways by its own sub-pixel amount `offsets` ([n, 28, 1], each
 * within ±1; [n, 1, 28] with `axis` 1 moves each column up or down): bilinear between the image and
 * its copies one pixel either way, which is exact for offsets up to a pixel and costs a few
 * whole-image operations instead of a per-pixel gather (slow on wasm).
 */
function wobble(tf: Tf, images: Tensor3D, offsets: Tensor, axis: 1 | 2): Tensor3D {
  const n = images.shape[0];
  const padding: Array<[number, number]> = axis === 2 ? [[0, 0], [0, 0], [1, 1]] : [[0, 0], [1, 1], [0, 0]];
  const padded = tf.pad(images, padding);
  const from = (start: number): Tensor => (axis === 2 ? padded.slice([0, 0, start], [n, SIZE, SIZE]) : padded.slice([0, start, 0], [n, SIZE, SIZE]));
  const ahead = tf.relu(offsets);
  const behind = tf.relu(tf.neg(offsets));
  return tf.addN([tf.mul(images, tf.sub(1, tf.add(ahead, behind))), tf.mul(from(2), ahead), tf.mul(from(0), behind)]) as Tensor3D;
}

/**
 * tf.image.transform of each image by its own transform. The plain-JavaScript backend's kernel
 * (tfjs 4.22) returns after the first image of a batch, so there it goes one image at a time.
 */
function transformEach(tf: Tf, images: Tensor4D, transforms: Tensor2D): Tensor4D {
  const transform = (x: Tensor4D, t: Tensor2D): Tensor4D => tf.image.transform(x, t, 'bilinear', 'constant', 0);
  if (tf.getBackend() !== 'cpu') return transform(images, transforms);
  const n = images.shape[0];
  return tf.concat(Array.from({ length: n }, (_, i) => transform(images.slice([i, 0, 0, 0], [1, SIZE, SIZE, 1]), transforms.slice([i, 0], [1, 8]))), 0);
}

/** Thickens (t > 0) or thins (t < 0) each image's strokes by t of a 3x3 dilation or erosion. */
function changeStroke(tf: Tf, images: Tensor4D, thickness: Tensor): Tensor4D {
  const t = thickness.reshape([-1, 1, 1, 1]);
  const dilated = tf.maxPool(images, 3, 1, 'same');
  const eroded = tf.neg(tf.maxPool(tf.neg(images), 3, 1, 'same'));
  return tf.addN([images, tf.mul(tf.relu(t), tf.sub(dilated, images)), tf.mul(tf.relu(tf.neg(t)), tf.sub(eroded, images))]) as Tensor4D;
}

/** Call inside tf.tidy: `params` holds WARP_VALUES numbers per image (drawWarps). */
export function warpImages(tf: Tf, images: Tensor4D, params: Float32Array): Tensor4D {
  const n = images.shape[0];
  if (params.length !== n * WARP_VALUES) throw new Error(`Expected ${n * WARP_VALUES} warp values, got ${params.length}.`);
  const p = tf.tensor2d(params, [n, WARP_VALUES]);
  // Rotation, scale, shear and shift in one bilinear resampling, zero outside the image.
  const moved = transformEach(tf, images, tf.tensor2d(affineTransforms(params, n), [n, 8]));
  // The elastic part: each row's sideways offset and each column's vertical one, smooth along the image.
  const up = tf.tensor2d(interpolationRows(), [GRID, SIZE]);
  const rowOffsets = tf.matMul(p.slice([0, 7], [n, GRID]), up).reshape([n, SIZE, 1]);
  const columnOffsets = tf.matMul(p.slice([0, 7 + GRID], [n, GRID]), up).reshape([n, 1, SIZE]);
  const bent = wobble(tf, wobble(tf, moved.reshape([n, SIZE, SIZE]) as Tensor3D, rowOffsets, 2), columnOffsets, 1);
  return changeStroke(tf, bent.reshape([n, SIZE, SIZE, 1]), p.slice([0, 6], [n, 1]));
}
