/**
 * Connected pieces of solid ink (8-connected), and which of them make up the digit: the largest
 * piece and every piece near it that is more than a dot, so a 5's separate bar or an open 4's two
 * strokes stay while specks of dirt, paper texture and marks at the edge go. Also tells when an
 * image holds no digit at all (only scattered noise) or several digits side by side.
 */
import type { Rect } from './resample';

export interface Component {
  area: number;
  box: Rect;
}

export interface Labels {
  /** Per pixel: 0 for no ink, else the index + 1 of its component. */
  labels: Int32Array;
  components: Component[];
}

/** Labels the pixels where `solid` is true (flood fill with an explicit stack: no recursion depth limit). */
export function labelComponents(solid: Uint8Array, width: number, height: number): Labels {
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < solid.length; start++) {
    if (!solid[start] || labels[start]) continue;
    const id = components.length + 1;
    let top = 0;
    stack[top++] = start;
    labels[start] = id;
    let area = 0;
    let minX = width;
    let maxX = -1;
    let minY = height;
    let maxY = -1;
    while (top > 0) {
      const p = stack[--top];
      const x = p % width;
      const y = (p - x) / width;
      area++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      // The neighbours inside the picture: rows and columns either side, where there are any.
      const up = y === 0 ? 0 : -1;
      const down = y === height - 1 ? 0 : 1;
      const left = x === 0 ? 0 : -1;
      const right = x === width - 1 ? 0 : 1;
      for (let dy = up; dy <= down; dy++) {
        const row = p + dy * width;
        for (let dx = left; dx <= right; dx++) {
          const q = row + dx;
          if (solid[q] && !labels[q]) {
            labels[q] = id;
            stack[top++] = q;
          }
        }
      }
    }
    components.push({ area, box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 } });
  }
  return { labels, components };
}

export type DigitVerdict =
  | { kind: 'digit'; keep: Set<number> }
  | { kind: 'none' }
  | { kind: 'noise' }
  | { kind: 'several'; count: number };

/** A piece this small next to the largest one is a speck wherever it lies. */
const SPECK_SHARE = 0.02;
/** How far (as a share of the digit's larger side) a piece may lie from the digit and still belong to it. */
const NEAR_SHARE = 0.25;
/** A piece this close (as a share of the digit's larger side) belongs to it however small: a stroke's faint end. */
const TOUCHING_SHARE = 0.06;
/** Noise: this many pieces, with the largest holding less than this share of all solid ink. */
const NOISE_PIECES = 30;
const NOISE_LARGEST_SHARE = 0.5;

function gap(a: Rect, b: Rect): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Another digit: a piece about as tall and heavy as the largest, beside it with clear space between. */
function isSeparateDigit(main: Component, other: Component): boolean {
  if (other.area < 0.35 * main.area || other.box.height < 0.6 * main.box.height) return false;
  const apart = Math.max(other.box.x - (main.box.x + main.box.width), main.box.x - (other.box.x + other.box.width));
  return apart > 0.15 * main.box.height;
}

export function chooseDigit(components: Component[]): DigitVerdict {
  if (components.length === 0) return { kind: 'none' };
  const order = components.map((_, i) => i).sort((a, b) => components[b].area - components[a].area);
  const main = components[order[0]];
  const total = components.reduce((sum, c) => sum + c.area, 0);
  if (components.length >= NOISE_PIECES && main.area < NOISE_LARGEST_SHARE * total) return { kind: 'noise' };
  const others = order.slice(1).filter((i) => isSeparateDigit(main, components[i]));
  if (others.length > 0) return { kind: 'several', count: others.length + 1 };

  const keep = new Set<number>([order[0]]);
  let box = main.box;
  // Grow the digit piece by piece: a stroke near the digit may bring another within reach.
  for (let grown = true; grown; ) {
    grown = false;
    for (const i of order) {
      if (keep.has(i)) continue;
      const c = components[i];
      const distance = gap(c.box, box) / Math.max(box.width, box.height);
      if (distance <= TOUCHING_SHARE || (c.area >= SPECK_SHARE * main.area && distance <= NEAR_SHARE)) {
        keep.add(i);
        box = union(box, c.box);
        grown = true;
      }
    }
  }
  return { kind: 'digit', keep };
}
