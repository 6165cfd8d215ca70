/**
 * Keeping only the digit's ink once its pieces are chosen (components.ts): the pieces themselves,
 * the faint ink joined to them, and a fringe around that; specks and texture elsewhere go. The work
 * stays inside the kept ink's box widened by the fringe: everything outside it is simply cleared.
 */
import type { Labels } from './components';
import type { Plane } from './plane';
import type { Rect } from './resample';
import { Scratch } from './scratch';

/** Faint ink (a stroke's thin end, a light connecting line) joined to a kept piece through at least this much ink stays with it. */
const FAINT_LINK = 0.2;

const keptScratch = new Scratch((n) => new Uint8Array(n));
const stackScratch = new Scratch((n) => new Int32Array(n));
const nearInRowScratch = new Scratch((n) => new Uint8Array(n));
const lastNearScratch = new Scratch((n) => new Int32Array(n));

/**
 * Keeps the ink of the chosen pieces, the faint ink joined to them (flooding from them through
 * values of at least FAINT_LINK), and any ink within `reach` pixels of that (anti-aliased edges,
 * a blurred stroke's fringe); the rest goes. Returns the rectangle outside which the plane is now
 * all 0 (the kept ink's box widened by `reach`, within the picture).
 */
export function keepPieces(ink: Plane, pieces: Labels, keep: ReadonlySet<number>, reach: number): Rect {
  const { kept, box } = floodFromPieces(ink, pieces, keep);
  const region = widened(box, reach, ink.width, ink.height);
  clearOutside(ink, region);
  clearFarFrom(ink, kept, box, region, reach);
  return region;
}

/** The kept pieces' pixels and the faint ink joined to them (1 in `kept`), and the box they fill. */
function floodFromPieces(ink: Plane, { labels, components }: Labels, keep: ReadonlySet<number>): { kept: Uint8Array; box: Rect } {
  const { width, height, data } = ink;
  const kept = keptScratch.zeroed(data.length);
  const stack = stackScratch.unset(data.length);
  let top = 0;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  // Each kept piece's pixels lie inside its own box: only those boxes are looked through.
  for (const piece of keep) {
    const { box } = components[piece];
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + box.width - 1);
    maxY = Math.max(maxY, box.y + box.height - 1);
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let i = y * width + box.x, end = i + box.width; i < end; i++) {
        if (labels[i] !== piece + 1) continue;
        kept[i] = 1;
        stack[top++] = i;
      }
    }
  }
  // What is kept does not depend on the order the flood takes its pixels in.
  while (top > 0) {
    const p = stack[--top];
    const x = p % width;
    const y = (p - x) / width;
    for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
      for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
        const q = yy * width + xx;
        if (kept[q] || data[q] < FAINT_LINK) continue;
        kept[q] = 1;
        stack[top++] = q;
        if (xx < minX) minX = xx;
        if (xx > maxX) maxX = xx;
        if (yy < minY) minY = yy;
        if (yy > maxY) maxY = yy;
      }
    }
  }
  return { kept, box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 } };
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
 * a separable box dilation of the kept pixels (which all lie in `box`), rows then columns, each a
 * sweep that remembers where it last saw one.
 */
function clearFarFrom({ width, data }: Plane, kept: Uint8Array, box: Rect, region: Rect, reach: number): void {
  // noneYet: where the last one is taken to be before one is seen, too far for anything to count as near.
  const noneYet = -2 * reach - 1;
  const right = region.x + region.width - 1;
  // nearInRow[(y - box.y) * region.width + x - region.x]: a kept pixel lies within reach along row y.
  const nearInRow = nearInRowScratch.zeroed(box.height * region.width);
  for (let y = box.y; y < box.y + box.height; y++) {
    const row = y * width;
    const near = (y - box.y) * region.width - region.x;
    for (let x = box.x, last = noneYet; x <= right + reach; x++) {
      if (x < box.x + box.width && kept[row + x]) last = x;
      const target = x - reach;
      if (target >= region.x && x - last <= 2 * reach) nearInRow[near + target] = 1;
    }
  }
  // lastNear[x - region.x]: the last row whose nearInRow was set in that column.
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
