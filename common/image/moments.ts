/**
 * Deskewing by image moments, as MNIST's best classic results did (LeCun et al. 1998; deskewed
 * k-NN and SVMs): the slant is the ratio of the mixed second moment to the vertical one,
 * mu11 / mu02, and a horizontal shear by minus that ratio stands the digit upright.
 */
import { plane, type Plane } from './plane';

/** Horizontal shift per pixel down (x grows by slant * dy): negative when the top leans right. */
export function slantOf(p: Plane): number {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const v = p.data[y * p.width + x];
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  if (mass === 0) return 0;
  const cx = sx / mass;
  const cy = sy / mass;
  let mu11 = 0;
  let mu02 = 0;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const v = p.data[y * p.width + x];
      mu11 += v * (x - cx) * (y - cy);
      mu02 += v * (y - cy) * (y - cy);
    }
  }
  return mu02 > 0 ? mu11 / mu02 : 0;
}

/** The slant in degrees from vertical; positive when the top leans right. */
export function slantDegrees(p: Plane): number {
  return (-Math.atan(slantOf(p)) * 180) / Math.PI;
}

/** Largest shear undone: 1 is 45 degrees, beyond any handwriting; larger values come from blobs, not slant. */
const MAX_SHEAR = 1;

/**
 * Shears the plane horizontally so its slant goes down to `keep` (a slant MNIST's own digits
 * commonly have is left alone; only the excess is removed). The plane widens to hold the sheared
 * digit; values are interpolated linearly along each row, so strokes stay anti-aliased.
 */
export function deskew(p: Plane, keep = 0): Plane {
  const slant = slantOf(p);
  const excess = Math.sign(slant) * Math.max(0, Math.abs(slant) - keep);
  const shear = Math.max(-MAX_SHEAR, Math.min(MAX_SHEAR, excess));
  if (shear === 0) return p;
  const cy = (p.height - 1) / 2;
  const extra = Math.ceil(Math.abs(shear) * p.height / 2) + 1;
  const out = plane(p.width + 2 * extra, p.height);
  for (let y = 0; y < p.height; y++) {
    const shift = -shear * (y - cy) + extra;
    for (let x = 0; x < out.width; x++) {
      const source = x - shift;
      const x0 = Math.floor(source);
      const t = source - x0;
      const a = x0 >= 0 && x0 < p.width ? p.data[y * p.width + x0] : 0;
      const b = x0 + 1 >= 0 && x0 + 1 < p.width ? p.data[y * p.width + x0 + 1] : 0;
      out.data[y * out.width + x] = a * (1 - t) + b * t;
    }
  }
  return out;
}
