/**
 * Handwriting augmentation on the device: each training image is resampled through its own small
 * random affine map (rotation, scale, shear, shift) plus a smooth elastic displacement, then its
 * strokes are thickened or thinned. The per-example parameters are drawn on the CPU from the run's
 * seeded stream (a few dozen numbers per image, so re-runs repeat exactly and a batch shared
 * between workers is split like its examples); the per-pixel work is a handful of tensor ops every
 * backend has: matMul, gather, floor, pad, maxPool.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';

type Tf = typeof tfjs;

const SIZE = 28;
const PIXELS = SIZE * SIZE;
/** The image's centre in pixel-index coordinates: rotation, scale and shear turn around it. */
const CENTRE = (SIZE - 1) / 2;
/** The elastic field is drawn on GRID x GRID control points and interpolated: smooth by construction. */
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
  /** Largest elastic displacement of a control point, in pixels. */
  elasticPixels: 1.5,
} as const;

/** a, b, c, d (source = [a b; c d] · centred output + shift), tx, ty, thickness, then the elastic field's x and y controls. */
export const WARP_VALUES = 7 + 2 * GRID * GRID;

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

/** [n, 784] displacement from [n, GRID*GRID] controls: U · C · Uᵀ, as plain 2-D matMuls. */
function elasticField(tf: Tf, controls: Tensor2D, n: number): Tensor2D {
  const up = tf.tensor2d(interpolationRows(), [GRID, SIZE]);
  const rows = tf.matMul(controls.reshape([n * GRID, GRID]), up).reshape([n, GRID, SIZE]);
  const both = tf.matMul(rows.transpose([0, 2, 1]).reshape([n * SIZE, GRID]), up).reshape([n, SIZE, SIZE]);
  return both.transpose([0, 2, 1]).reshape([n, PIXELS]) as Tensor2D;
}

/** Bilinear samples of each image at (srcX, srcY) [n, 784], zero outside the image. */
function sample(tf: Tf, images: Tensor4D, srcX: Tensor, srcY: Tensor, n: number): Tensor2D {
  const side = SIZE + 2;
  // A one-pixel zero border, and coordinates clipped into it: anything outside reads as paper.
  const padded = tf.pad(images.reshape([n, SIZE, SIZE]), [[0, 0], [1, 1], [1, 1]]).reshape([n * side * side]);
  const x = tf.clipByValue(srcX, -1, SIZE);
  const y = tf.clipByValue(srcY, -1, SIZE);
  const x0 = tf.floor(x);
  const y0 = tf.floor(y);
  const fx = tf.sub(x, x0);
  const fy = tf.sub(y, y0);
  // Indices stay int32 throughout: a plain number would make them float32, which gather refuses.
  const int = (value: number): Tensor => tf.scalar(value, 'int32');
  const xi = tf.add(x0, 1).toInt();
  const yi = tf.add(y0, 1).toInt();
  const xj = tf.minimum(tf.add(xi, int(1)), int(side - 1));
  const yj = tf.minimum(tf.add(yi, int(1)), int(side - 1));
  const base = tf.mul(tf.range(0, n, 1, 'int32'), int(side * side)).reshape([n, 1]);
  const at = (row: Tensor, col: Tensor): Tensor => tf.gather(padded, tf.add(base, tf.add(tf.mul(row, int(side)), col)).reshape([-1])).reshape([n, PIXELS]);
  const gx = tf.sub(1, fx);
  const gy = tf.sub(1, fy);
  return tf.addN([
    tf.mul(at(yi, xi), tf.mul(gx, gy)),
    tf.mul(at(yi, xj), tf.mul(fx, gy)),
    tf.mul(at(yj, xi), tf.mul(gx, fy)),
    tf.mul(at(yj, xj), tf.mul(fx, fy)),
  ]) as Tensor2D;
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
  const column = (i: number): Tensor => p.slice([0, i], [n, 1]);
  const coords = Float32Array.from({ length: PIXELS }, (_, i) => (i % SIZE) - CENTRE);
  const gx = tf.tensor2d(coords, [1, PIXELS]);
  const gy = tf.tensor2d(Float32Array.from({ length: PIXELS }, (_, i) => Math.floor(i / SIZE) - CENTRE), [1, PIXELS]);
  const controls = GRID * GRID;
  const ex = elasticField(tf, p.slice([0, 7], [n, controls]), n);
  const ey = elasticField(tf, p.slice([0, 7 + controls], [n, controls]), n);
  // addN does not broadcast: the [n, 1] shifts are added on their own.
  const srcX = tf.add(tf.addN([tf.mul(column(0), gx), tf.mul(column(1), gy), ex]), tf.add(column(4), CENTRE));
  const srcY = tf.add(tf.addN([tf.mul(column(2), gx), tf.mul(column(3), gy), ey]), tf.add(column(5), CENTRE));
  const warped = sample(tf, images, srcX, srcY, n).reshape([n, SIZE, SIZE, 1]) as Tensor4D;
  return changeStroke(tf, warped, column(6));
}
