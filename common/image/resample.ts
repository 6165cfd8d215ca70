/**
 * Anti-aliased resizing, one axis at a time. Shrinking averages the exact area each output pixel
 * covers (a box filter with fractional edges), so thin strokes fade instead of vanishing as they
 * would with nearest-neighbour sampling. Enlarging (tiny inputs) interpolates linearly.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The source pixels each output pixel reads along one axis, and how much each counts (each output
 * pixel's weights sum to 1). Output pixel i reads `count(i)` pixels from `start[i]`, weighted by
 * `weights[first[i]]` onwards. Flat typed arrays rather than an object per pixel: building those
 * cost more than the resizing itself on small pictures.
 */
export interface AxisTaps {
  start: Int32Array;
  /** Where each output pixel's weights begin in `weights`; first[length] is where the last one's end. */
  first: Int32Array;
  weights: Float64Array;
}

export function axisTaps(sourceLength: number, targetLength: number): AxisTaps {
  const scale = sourceLength / targetLength;
  const start = new Int32Array(targetLength);
  const first = new Int32Array(targetLength + 1);
  // At most this many source pixels per output pixel: ceil(scale) + 1 when shrinking, 2 when enlarging.
  const weights = new Float64Array(targetLength * (Math.ceil(scale) + 2));
  let used = 0;
  for (let i = 0; i < targetLength; i++) {
    first[i] = used;
    if (targetLength < sourceLength) {
      const from = i * scale;
      const to = (i + 1) * scale;
      start[i] = Math.floor(from);
      const end = Math.min(sourceLength, Math.ceil(to));
      for (let j = start[i]; j < end; j++) weights[used++] = (Math.min(j + 1, to) - Math.max(j, from)) / scale;
    } else {
      // Pixel centres line up: output centre i + 0.5 sits at source position (i + 0.5) * scale.
      const centre = Math.min(sourceLength - 1, Math.max(0, (i + 0.5) * scale - 0.5));
      start[i] = Math.floor(centre);
      const fraction = centre - start[i];
      if (start[i] + 1 < sourceLength && fraction > 0) {
        weights[used++] = 1 - fraction;
        weights[used++] = fraction;
      } else {
        weights[used++] = 1;
      }
    }
  }
  first[targetLength] = used;
  return { start, first, weights };
}

/**
 * Resizes `crop` of a gray image (`width` bytes per row), reading each byte through `lut`,
 * to targetWidth x targetHeight values.
 */
export function resizeCrop(
  gray: Uint8Array,
  width: number,
  lut: Float32Array,
  crop: Rect,
  targetWidth: number,
  targetHeight: number,
): Float32Array {
  const across = axisTaps(crop.width, targetWidth);
  const down = axisTaps(crop.height, targetHeight);
  // Horizontal pass over every row of the crop: crop.height x targetWidth.
  const rows = new Float32Array(crop.height * targetWidth);
  for (let y = 0; y < crop.height; y++) {
    const rowStart = (crop.y + y) * width + crop.x;
    for (let x = 0; x < targetWidth; x++) {
      const from = rowStart + across.start[x] - across.first[x];
      let sum = 0;
      for (let k = across.first[x]; k < across.first[x + 1]; k++) sum += across.weights[k] * lut[gray[from + k]];
      rows[y * targetWidth + x] = sum;
    }
  }
  const out = new Float32Array(targetWidth * targetHeight);
  for (let y = 0; y < targetHeight; y++) {
    const from = down.start[y] - down.first[y];
    for (let x = 0; x < targetWidth; x++) {
      let sum = 0;
      for (let k = down.first[y]; k < down.first[y + 1]; k++) sum += down.weights[k] * rows[(from + k) * targetWidth + x];
      out[y * targetWidth + x] = Math.min(1, sum);
    }
  }
  return out;
}
