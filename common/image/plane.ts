/**
 * A float image (one channel, 0 = background .. 1 = ink, row-major) and the small operations the
 * preprocessing steps share: resizing with area averaging, bounding box, mass and centre.
 */
import { axisTaps, type Rect } from './resample';
import { Scratch } from './scratch';

/** resizePlane's working rows (after the horizontal pass) and per-row sums. */
const rowsScratch = new Scratch((n) => new Float32Array(n));
const sumsScratch = new Scratch((n) => new Float64Array(n));

export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

export function plane(width: number, height: number, data: Float32Array = new Float32Array(width * height)): Plane {
  return { width, height, data };
}

/** Resizes a rectangle of a plane (anti-aliased as in resample.ts: area average down, linear up). */
export function resizePlane(src: Plane, crop: Rect, targetWidth: number, targetHeight: number): Plane {
  if (targetWidth === crop.width && targetHeight === crop.height) return cropPlane(src, crop);
  const across = axisTaps(crop.width, targetWidth);
  const down = axisTaps(crop.height, targetHeight);
  const data = src.data;
  const rows = rowsScratch.unset(crop.height * targetWidth);
  // Column by column of the output, so each column's taps are read once for all the rows.
  for (let x = 0; x < targetWidth; x++) {
    const [first, end] = [across.first[x], across.first[x + 1]];
    // Source pixel start[x] + j carries weights[first + j]; row y of the crop starts at rowStart(y).
    const from = crop.y * src.width + crop.x + across.start[x];
    if (end - first === 2) {
      // Two taps (every column when enlarging, most when shrinking a little): the same sum, 0 + w0 * a + w1 * b, unrolled.
      const [w0, w1] = [across.weights[first], across.weights[first + 1]];
      for (let y = 0, i = from; y < crop.height; y++, i += src.width) rows[y * targetWidth + x] = 0 + w0 * data[i] + w1 * data[i + 1];
      continue;
    }
    for (let y = 0, i = from; y < crop.height; y++, i += src.width) {
      let sum = 0;
      for (let k = first; k < end; k++) sum += across.weights[k] * data[i + k - first];
      rows[y * targetWidth + x] = sum;
    }
  }
  const out = plane(targetWidth, targetHeight);
  const sums = sumsScratch.unset(targetWidth);
  // Row by row: each output row adds up whole rows of `rows`, in the same order (k ascending) per value.
  for (let y = 0; y < targetHeight; y++) {
    sums.fill(0);
    for (let k = down.first[y]; k < down.first[y + 1]; k++) {
      const weight = down.weights[k];
      const from = (down.start[y] + k - down.first[y]) * targetWidth;
      for (let x = 0; x < targetWidth; x++) sums[x] += weight * rows[from + x];
    }
    const to = y * targetWidth;
    for (let x = 0; x < targetWidth; x++) out.data[to + x] = Math.min(1, sums[x]);
  }
  return out;
}

/** `crop` of `src` at its own size: what resizing to the same size gives (each value capped at 1), without the taps. */
function cropPlane(src: Plane, crop: Rect): Plane {
  const out = plane(crop.width, crop.height);
  for (let y = 0; y < crop.height; y++) {
    const from = (crop.y + y) * src.width + crop.x;
    for (let x = 0; x < crop.width; x++) out.data[y * crop.width + x] = Math.min(1, src.data[from + x]);
  }
  return out;
}

/**
 * The smallest rectangle holding every value above 0, or null when there is none; only `within` is
 * looked at (all of `p` by default). The top and bottom rows are found first; between them each
 * row is looked at only left of the leftmost value found so far and right of the rightmost.
 */
export function planeBoundingBox(p: Plane, within: Rect = { x: 0, y: 0, width: p.width, height: p.height }): Rect | null {
  const rowHasInk = (y: number): boolean => {
    for (let i = y * p.width + within.x, end = i + within.width; i < end; i++) if (p.data[i] > 0) return true;
    return false;
  };
  let top = within.y;
  while (top < within.y + within.height && !rowHasInk(top)) top++;
  if (top === within.y + within.height) return null;
  let bottom = within.y + within.height - 1;
  while (!rowHasInk(bottom)) bottom--;
  let left = within.x + within.width;
  let right = within.x - 1;
  for (let y = top; y <= bottom; y++) {
    const row = y * p.width;
    for (let x = within.x; x < left; x++) {
      if (p.data[row + x] > 0) {
        left = x;
        break;
      }
    }
    for (let x = within.x + within.width - 1; x > right; x--) {
      if (p.data[row + x] > 0) {
        right = x;
        break;
      }
    }
  }
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** The size that fits `side` x `side` with the aspect ratio kept (each side at least 1). */
export function fitInside(width: number, height: number, side: number): { width: number; height: number } {
  const scale = side / Math.max(width, height);
  return { width: Math.min(side, Math.max(1, Math.round(width * scale))), height: Math.min(side, Math.max(1, Math.round(height * scale))) };
}

/** A plane as 8-bit gray (255 = ink), for showing a step on screen. */
export function toBytes(p: Plane): Uint8Array {
  const out = new Uint8Array(p.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, p.data[i])) * 255);
  return out;
}
