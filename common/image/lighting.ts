/**
 * Evens out light across a photo before ink is told from paper. A phone photo's paper is bright on
 * one side and dark under a shadow on the other, so one global threshold either loses the ink in
 * the bright part or takes the shadow for ink. The paper's own level is estimated everywhere (the
 * brightest value in a neighbourhood wider than any stroke, smoothly interpolated) and divided
 * out, as light multiplies what the paper reflects; light ink on a dark board gets the board's level
 * (the darkest value nearby) subtracted instead.
 *
 * Only pictures whose frame is uneven are flattened: on an evenly lit scan or drawing there is
 * nothing to even out, and a forced reading of the wrong polarity must not invent ink there.
 */
import { frameHistogram, quantile } from './levels';

/** A frame whose 10th and 90th percentile levels differ by more than this (of 255) is unevenly lit. */
const UNEVEN_FRAME = 24;

export function lightingIsUneven(gray: Uint8Array, width: number, height: number): boolean {
  const hist = frameHistogram(gray, width, height);
  return quantile(hist, 0.9) - quantile(hist, 0.1) > UNEVEN_FRAME;
}

/** Blocks across the longer side; each paper estimate looks at 5 x 5 blocks, about 40% of the picture. */
const BLOCKS_ACROSS = 12;
const REACH = 2;

/** The local background level at each block: the extreme of every pixel within REACH blocks. */
function blockBackground(gray: Uint8Array, width: number, height: number, block: number, inkIsDark: boolean): { levels: Float32Array; across: number; down: number } {
  const across = Math.ceil(width / block);
  const down = Math.ceil(height / block);
  const own = new Float32Array(across * down).fill(inkIsDark ? 0 : 255);
  for (let y = 0; y < height; y++) {
    const by = Math.floor(y / block);
    for (let x = 0; x < width; x++) {
      const i = by * across + Math.floor(x / block);
      const v = gray[y * width + x];
      if (inkIsDark ? v > own[i] : v < own[i]) own[i] = v;
    }
  }
  const levels = new Float32Array(across * down);
  for (let by = 0; by < down; by++) {
    for (let bx = 0; bx < across; bx++) {
      let best = inkIsDark ? 0 : 255;
      for (let dy = -REACH; dy <= REACH; dy++) {
        for (let dx = -REACH; dx <= REACH; dx++) {
          const yy = by + dy;
          const xx = bx + dx;
          if (yy < 0 || xx < 0 || yy >= down || xx >= across) continue;
          const v = own[yy * across + xx];
          if (inkIsDark ? v > best : v < best) best = v;
        }
      }
      levels[by * across + bx] = best;
    }
  }
  return { levels, across, down };
}

/** The background level at pixel (x, y), interpolated between block centres. */
function interpolate(levels: Float32Array, across: number, down: number, block: number, x: number, y: number): number {
  const fx = Math.min(across - 1, Math.max(0, (x + 0.5) / block - 0.5));
  const fy = Math.min(down - 1, Math.max(0, (y + 0.5) / block - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(across - 1, x0 + 1);
  const y1 = Math.min(down - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const top = levels[y0 * across + x0] * (1 - tx) + levels[y0 * across + x1] * tx;
  const bottom = levels[y1 * across + x0] * (1 - tx) + levels[y1 * across + x1] * tx;
  return top * (1 - ty) + bottom * ty;
}

/**
 * The gray image with the background brought to one level (white paper, or the board's darkest
 * level), or the image itself when its light is even.
 */
export function flattenLighting(gray: Uint8Array, width: number, height: number, inkIsDark: boolean): Uint8Array {
  if (!lightingIsUneven(gray, width, height)) return gray;
  const block = Math.max(2, Math.ceil(Math.max(width, height) / BLOCKS_ACROSS));
  const { levels, across, down } = blockBackground(gray, width, height, block, inkIsDark);
  let boardLevel = 255;
  if (!inkIsDark) for (const v of levels) boardLevel = Math.min(boardLevel, v);
  const out = new Uint8Array(gray.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const background = interpolate(levels, across, down, block, x, y);
      const v = inkIsDark ? (gray[i] * 255) / Math.max(1, background) : gray[i] - background + boardLevel;
      out[i] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}
