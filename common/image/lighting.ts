/**
 * Evens out light across a photo before ink is told from paper. A phone photo's paper is bright on
 * one side and dark under a shadow on the other, so one global threshold either loses the ink in
 * the bright part or takes the shadow for ink. The paper's own level is estimated everywhere (the
 * brightest value in a neighbourhood wider than any stroke, then a low rank of those nearby so it
 * follows a shadow's edge, smoothly interpolated) and divided
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

/** The local background level at each block, from the extremes of the blocks within REACH of it. */
function blockBackground(gray: Uint8Array, width: number, height: number, block: number, inkIsDark: boolean): { levels: Float32Array; across: number; down: number } {
  const across = Math.ceil(width / block);
  const down = Math.ceil(height / block);
  const own = new Float32Array(across * down).fill(inkIsDark ? 0 : 255);
  for (let y = 0; y < height; y++) {
    const blocks = Math.floor(y / block) * across;
    for (let bx = 0; bx < across; bx++) {
      // The block's part of this row, folded into its extreme so far (whole gray values: the order of comparisons does not matter).
      let extreme = own[blocks + bx];
      for (let i = y * width + bx * block, end = y * width + Math.min(width, (bx + 1) * block); i < end; i++) {
        const v = gray[i];
        if (inkIsDark ? v > extreme : v < extreme) extreme = v;
      }
      own[blocks + bx] = extreme;
    }
  }
  // A closing: the paper's extreme within REACH blocks (past any stroke), then a low rank of that
  // within REACH blocks, which brings a slope or a shadow's edge back to its own level, where the
  // extreme alone takes the brighter paper beside a shadow for the paper under it. A rank rather
  // than the other extreme: a window that a marker's stroke fills on its own stays where it is
  // instead of darkening the paper estimate all round it.
  const paper = spread(own, across, down, inkIsDark, 0);
  return { levels: spread(paper, across, down, !inkIsDark, CLOSING_RANK), across, down };
}

/**
 * Which of the blocks within REACH the closing's second pass takes, as a fraction counted from its
 * extreme: the third of 25. Measured on the real-world set (seeds 42, 7, 1): the extreme (0) read
 * 0.2 points more writers but lost a marker's stroke to the paper; 0.1 keeps both (see README).
 */
const CLOSING_RANK = 0.1;

/** Each block's value within REACH blocks at `rank` (0..1) from the highest (or the lowest). */
function spread(grid: Float32Array, across: number, down: number, highest: boolean, rank: number): Float32Array {
  const out = new Float32Array(across * down);
  const window = new Float64Array((2 * REACH + 1) ** 2);
  for (let by = 0; by < down; by++) {
    for (let bx = 0; bx < across; bx++) {
      let n = 0;
      for (let yy = Math.max(0, by - REACH); yy <= Math.min(down - 1, by + REACH); yy++) {
        for (let xx = Math.max(0, bx - REACH); xx <= Math.min(across - 1, bx + REACH); xx++) window[n++] = grid[yy * across + xx];
      }
      // In ascending order, the k-th highest is the (n-1-k)-th lowest.
      const k = Math.floor(rank * (n - 1));
      out[by * across + bx] = nthLowest(window, n, highest ? n - 1 - k : k);
    }
  }
  return out;
}

/**
 * The value at position `nth` (from 0) once the first `n` values are in ascending order, sorting
 * them in place by insertion: for a window's 25 values or fewer, calling a typed array's sort
 * costs more than the sorting. The levels are whole gray values, never -0 or NaN (whose order a
 * comparison leaves open), so this is the value a typed sort gives.
 */
export function nthLowest(values: Float64Array, n: number, nth: number): number {
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    for (; j >= 0 && values[j] > v; j--) values[j + 1] = values[j];
    values[j + 1] = v;
  }
  return values[nth];
}

/** For each pixel along an axis: the two block indices either side of it and the weight of the second. */
function axisBlend(length: number, blocks: number, block: number): { lo: Int32Array; hi: Int32Array; t: Float32Array } {
  const lo = new Int32Array(length);
  const hi = new Int32Array(length);
  const t = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const f = Math.min(blocks - 1, Math.max(0, (i + 0.5) / block - 0.5));
    lo[i] = Math.floor(f);
    hi[i] = Math.min(blocks - 1, lo[i] + 1);
    t[i] = f - lo[i];
  }
  return { lo, hi, t };
}

/**
 * The block row starting at `from` in `levels`, interpolated across every pixel column; `cache`
 * holds the last one worked out, and is handed back when it is that row again.
 */
function acrossBlockRow(levels: Float32Array, from: number, { lo, hi, t }: ReturnType<typeof axisBlend>, cache: { levels: Float64Array; from: number }): Float64Array {
  if (cache.from === from) return cache.levels;
  cache.from = from;
  for (let x = 0; x < lo.length; x++) cache.levels[x] = levels[from + lo[x]] * (1 - t[x]) + levels[from + hi[x]] * t[x];
  return cache.levels;
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
  // The background between block centres, interpolated bilinearly (weights worked out once per row and column).
  const across2 = axisBlend(width, across, block);
  const down2 = axisBlend(height, down, block);
  const row = new Float32Array(width);
  // Each block row's levels interpolated across, worked out once for the pixel rows between the same two block rows.
  const upper = { levels: new Float64Array(width), from: -1 };
  const lower = { levels: new Float64Array(width), from: -1 };
  for (let y = 0; y < height; y++) {
    const top = acrossBlockRow(levels, down2.lo[y] * across, across2, upper);
    const bottom = acrossBlockRow(levels, down2.hi[y] * across, across2, lower);
    const ty = down2.t[y];
    for (let x = 0; x < width; x++) row[x] = top[x] * (1 - ty) + bottom[x] * ty;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = inkIsDark ? (gray[i] * 255) / Math.max(1, row[x]) : gray[i] - row[x] + boardLevel;
      out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
  return out;
}
