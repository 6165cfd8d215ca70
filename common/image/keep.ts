/**
 * Keeping only the digit's ink once its pieces are chosen (components.ts): the pieces themselves,
 * the faint ink joined to them, and a fringe around that; specks and texture elsewhere go. The work
 * stays inside the kept ink's box widened by the fringe: everything outside it is simply cleared.
 */
import type { Labels } from './components';
import type { Plane } from './plane';
import type { Rect } from './resample';
import { connectedRuns, findRoot, type Runs } from './runs';
import { Scratch } from './scratch';

/** Faint ink (a stroke's thin end, a light connecting line) joined to a kept piece through at least this much ink stays with it. */
const FAINT_LINK = 0.2;

const faintScratch = new Scratch((n) => new Uint8Array(n));
const keptRootScratch = new Scratch((n) => new Uint8Array(n));
const keptRunScratch = new Scratch((n) => new Uint8Array(n));
const nearInRowScratch = new Scratch((n) => new Uint8Array(n));
const lastNearScratch = new Scratch((n) => new Int32Array(n));

/**
 * Keeps the ink of the chosen pieces, the faint ink joined to them (what a flood from them through
 * values of at least FAINT_LINK reaches), and any ink within `reach` pixels of that (anti-aliased
 * edges, a blurred stroke's fringe); the rest goes. Returns the rectangle outside which the plane
 * is now all 0 (the kept ink's box widened by `reach`, within the picture).
 */
export function keepPieces(ink: Plane, pieces: Labels, keep: ReadonlySet<number>, reach: number): Rect {
  const kept = keptFaintRuns(ink, pieces, keep);
  const box = keptBox(kept);
  const region = widened(box, reach, ink.width, ink.height);
  clearOutside(ink, region);
  clearFarFrom(ink, kept, box, region, reach);
  return region;
}

/** The runs of at least faint ink, and which of them are kept (1 in `kept`, by run). */
interface KeptRuns {
  runs: Runs;
  kept: Uint8Array;
}

/**
 * The kept pieces and the faint ink joined to them, as runs. Every solid pixel is also faint, so
 * each piece lies in one set of joined faint runs; a set is kept whole when it holds a kept piece,
 * which is what a flood from the pieces through faint ink reaches.
 */
function keptFaintRuns(ink: Plane, { labels, components }: Labels, keep: ReadonlySet<number>): KeptRuns {
  const { width, height, data } = ink;
  const faint = faintScratch.unset(data.length);
  for (let i = 0; i < data.length; i++) faint[i] = data[i] >= FAINT_LINK ? 1 : 0;
  const runs = connectedRuns(faint, width, height);
  // keptRoot[root]: the set of runs under that root holds a kept piece.
  const keptRoot = keptRootScratch.zeroed(runs.count);
  for (const piece of keep) {
    const { x, y } = firstPixelOf(piece, components[piece].box, labels, width);
    keptRoot[findRoot(runs.parent, runHolding(runs, x, y))] = 1;
  }
  const kept = keptRunScratch.unset(runs.count);
  for (let r = 0; r < runs.count; r++) kept[r] = keptRoot[findRoot(runs.parent, r)];
  return { runs, kept };
}

/** A pixel of the piece: its first in its box's top row, which the piece reaches. */
function firstPixelOf(piece: number, box: Rect, labels: Int32Array, width: number): { x: number; y: number } {
  let x = box.x;
  while (labels[box.y * width + x] !== piece + 1) x++;
  return { x, y: box.y };
}

/** The run of row y that holds column x (there is one: the pixel is faint). */
function runHolding({ rowStart, last }: Runs, x: number, y: number): number {
  let r = rowStart[y];
  while (last[r] < x) r++;
  return r;
}

/** The box of the kept runs (there is at least one: each kept piece's). */
function keptBox({ runs, kept }: KeptRuns): Rect {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -1, -1];
  for (let r = 0; r < runs.count; r++) {
    if (!kept[r]) continue;
    minX = Math.min(minX, runs.first[r]);
    maxX = Math.max(maxX, runs.last[r]);
    minY = Math.min(minY, runs.row[r]);
    maxY = Math.max(maxY, runs.row[r]);
  }
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

function widened(box: Rect, by: number, width: number, height: number): Rect {
  const x = Math.max(0, box.x - by);
  const y = Math.max(0, box.y - by);
  return { x, y, width: Math.min(width, box.x + box.width + by) - x, height: Math.min(height, box.y + box.height + by) - y };
}

/** Sets the plane to 0 outside `region`. */
function clearOutside({ width, height, data }: Plane, region: Rect): void {
  const bottom = region.y + region.height;
  data.fill(0, 0, region.y * width);
  data.fill(0, bottom * width, height * width);
  for (let y = region.y; y < bottom; y++) {
    data.fill(0, y * width, y * width + region.x);
    data.fill(0, y * width + region.x + region.width, (y + 1) * width);
  }
}

/**
 * Inside `region`, sets to 0 what lies farther than `reach` (in x or in y) from every kept pixel:
 * a separable box dilation of the kept runs (which all lie in `box`), rows then columns. Along a
 * row, each kept run widened by `reach` is near; down a column, a sweep remembers the last row
 * where it saw a near pixel.
 */
function clearFarFrom({ width, data }: Plane, { runs, kept }: KeptRuns, box: Rect, region: Rect, reach: number): void {
  const right = region.x + region.width - 1;
  // nearInRow[(y - box.y) * region.width + x - region.x]: a kept pixel lies within reach along row y.
  const nearInRow = nearInRowScratch.zeroed(box.height * region.width);
  for (let r = 0; r < runs.count; r++) {
    if (!kept[r]) continue;
    const row = (runs.row[r] - box.y) * region.width - region.x;
    nearInRow.fill(1, row + Math.max(region.x, runs.first[r] - reach), row + Math.min(right, runs.last[r] + reach) + 1);
  }
  // lastNear[x - region.x]: the last row whose nearInRow was set in that column; noneYet is too far for anything to count as near.
  const noneYet = -2 * reach - 1;
  const lastNear = lastNearScratch.unset(region.width).fill(noneYet);
  const bottom = region.y + region.height - 1;
  for (let y = box.y; y <= bottom + reach; y++) {
    const inBox = y < box.y + box.height;
    const near = (y - box.y) * region.width;
    const target = y - reach;
    const clearFrom = target * width + region.x;
    for (let c = 0; c < region.width; c++) {
      if (inBox && nearInRow[near + c]) lastNear[c] = y;
      if (target >= region.y && y - lastNear[c] > 2 * reach) data[clearFrom + c] = 0;
    }
  }
}
