/**
 * Connected pieces of solid ink (8-connected), and which of them make up the digit: the largest
 * piece and every piece near it that is more than a dot, so a 5's separate bar or an open 4's two
 * strokes stay while specks of dirt, paper texture and marks at the edge go. Also tells when an
 * image holds no digit at all (only scattered noise) or several digits side by side.
 */
import type { Rect } from './resample';
import { connectedRuns, findRoot } from './runs';
import { Scratch } from './scratch';

/** Each set of joined runs' component id, by its root run. */
const rootId = new Scratch((n) => new Int32Array(n));

export interface Component {
  area: number;
  box: Rect;
}

export interface Labels {
  /** Per pixel: 0 for no ink, else the index + 1 of its component. */
  labels: Int32Array;
  components: Component[];
}

/**
 * Labels the pixels where `solid` is true (8-connected). Works on runs of solid pixels along the
 * rows rather than pixel by pixel: each run is joined to the runs it touches in the row above, then
 * every run takes its piece's label. The pieces are numbered in the order of their first pixel
 * row by row, as a flood fill from each unlabelled pixel in turn numbers them. The labels are
 * written into `labels`, which must hold only zeros (a caller may lend working space).
 */
export function labelComponents(solid: Uint8Array, width: number, height: number, labels = new Int32Array(width * height)): Labels {
  const runs = connectedRuns(solid, width, height);
  const components: Component[] = [];
  const ids = rootId.zeroed(runs.count);
  for (let r = 0; r < runs.count; r++) {
    const root = findRoot(runs.parent, r);
    if (ids[root] === 0) {
      components.push({ area: 0, box: { x: runs.first[r], y: runs.row[r], width: 0, height: 0 } });
      ids[root] = components.length;
    }
    const id = ids[root];
    const [y, first, last] = [runs.row[r], runs.first[r], runs.last[r]];
    labels.fill(id, y * width + first, y * width + last + 1);
    const piece = components[id - 1];
    piece.area += last - first + 1;
    // The box grows as x and y bounds, set right below from these (width and height stand for the right and bottom ends meanwhile).
    piece.box.x = Math.min(piece.box.x, first);
    piece.box.width = Math.max(piece.box.width, last + 1);
    piece.box.height = y + 1;
  }
  for (const { box } of components) {
    box.width -= box.x;
    box.height -= box.y;
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
