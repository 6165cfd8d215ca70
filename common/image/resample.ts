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

/** The source pixels one output pixel reads, and how much each counts (the weights sum to 1). */
interface Taps {
  start: number;
  weights: Float64Array;
}

export function axisTaps(sourceLength: number, targetLength: number): Taps[] {
  const taps: Taps[] = [];
  const scale = sourceLength / targetLength;
  for (let i = 0; i < targetLength; i++) {
    if (targetLength < sourceLength) {
      const from = i * scale;
      const to = (i + 1) * scale;
      const start = Math.floor(from);
      const end = Math.min(sourceLength, Math.ceil(to));
      const weights = new Float64Array(end - start);
      for (let j = start; j < end; j++) weights[j - start] = (Math.min(j + 1, to) - Math.max(j, from)) / scale;
      taps.push({ start, weights });
    } else {
      // Pixel centres line up: output centre i + 0.5 sits at source position (i + 0.5) * scale.
      const centre = Math.min(sourceLength - 1, Math.max(0, (i + 0.5) * scale - 0.5));
      const start = Math.floor(centre);
      const fraction = centre - start;
      taps.push(
        start + 1 < sourceLength && fraction > 0
          ? { start, weights: Float64Array.of(1 - fraction, fraction) }
          : { start, weights: Float64Array.of(1) },
      );
    }
  }
  return taps;
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
      const { start, weights } = across[x];
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * lut[gray[rowStart + start + k]];
      rows[y * targetWidth + x] = sum;
    }
  }
  const out = new Float32Array(targetWidth * targetHeight);
  for (let y = 0; y < targetHeight; y++) {
    const { start, weights } = down[y];
    for (let x = 0; x < targetWidth; x++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * rows[(start + k) * targetWidth + x];
      out[y * targetWidth + x] = Math.min(1, sum);
    }
  }
  return out;
}
