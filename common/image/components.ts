/**
 * Connected pieces of solid ink (8-connected), and which of them make up the digit: the largest
 * piece and every piece near it that is more than a dot, so a 5's separate bar or an open 4's two
 * strokes stay while specks of dirt, paper texture and marks at the edge go. Also tells when an
 * image holds no digit at all (only scattered noise) or several digits side by side.
 */
import type { Rect } from './resample';
import { Scratch } from './scratch';

export interface Component {
  area: number;
  box: Rect;
}

export interface Labels {
  /** Per pixel: 0 for no ink, else the index + 1 of its component. */
  labels: Int32Array;
  components: Component[];
}

/** Each horizontal run of solid pixels: its row, first and last column, and where each row's runs begin. */
const runRow = new Scratch((n) => new Int32Array(n));
const runFirst = new Scratch((n) => new Int32Array(n));
const runLast = new Scratch((n) => new Int32Array(n));
const rowRuns = new Scratch((n) => new Int32Array(n));
/** Union-find over the runs (each run's parent), and each root run's component id. */
const runParent = new Scratch((n) => new Int32Array(n));
const rootId = new Scratch((n) => new Int32Array(n));

/**
 * Labels the pixels where `solid` is true (8-connected). Works on runs of solid pixels along the
 * rows rather than pixel by pixel: each run is joined to the runs it touches in the row above, then
 * every run takes its piece's label. The pieces are numbered in the order of their first pixel
 * row by row, as a flood fill from each unlabelled pixel in turn numbers them. The labels are
 * written into `labels`, which must hold only zeros (a caller may lend working space).
 */
export function labelComponents(solid: Uint8Array, width: number, height: number, labels = new Int32Array(width * height)): Labels {
  const runs = findRuns(solid, width, height);
  joinTouchingRuns(runs, height);
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

interface Runs {
  count: number;
  row: Int32Array;
  first: Int32Array;
  last: Int32Array;
  /** Runs of row y are rowStart[y] .. rowStart[y + 1] - 1. */
  rowStart: Int32Array;
  parent: Int32Array;
}

function findRuns(solid: Uint8Array, width: number, height: number): Runs {
  // A row holds at most (width + 1) / 2 runs, each separated from the next by a gap.
  const most = ((width + 1) >> 1) * height;
  const row = runRow.unset(most);
  const first = runFirst.unset(most);
  const last = runLast.unset(most);
  const rowStart = rowRuns.unset(height + 1);
  let count = 0;
  for (let y = 0; y < height; y++) {
    rowStart[y] = count;
    const line = y * width;
    for (let x = 0; x < width; x++) {
      if (!solid[line + x]) continue;
      row[count] = y;
      first[count] = x;
      while (x + 1 < width && solid[line + x + 1]) x++;
      last[count++] = x;
    }
  }
  rowStart[height] = count;
  const parent = runParent.unset(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  return { count, row, first, last, rowStart, parent };
}

/** Joins each run to the runs of the row above that touch it, diagonally included. */
function joinTouchingRuns({ first, last, rowStart, parent }: Runs, height: number): void {
  for (let y = 1; y < height; y++) {
    let above = rowStart[y - 1];
    for (let r = rowStart[y]; r < rowStart[y + 1]; r++) {
      // Runs of the row above that end before this one's left neighbour cannot touch it, nor any later run of this row.
      while (above < rowStart[y] && last[above] < first[r] - 1) above++;
      for (let q = above; q < rowStart[y] && first[q] <= last[r] + 1; q++) joinRuns(parent, r, q);
    }
  }
}

function findRoot(parent: Int32Array, r: number): number {
  while (parent[r] !== r) {
    parent[r] = parent[parent[r]];
    r = parent[r];
  }
  return r;
}

/** Puts runs a and b in one set, under the earlier of their roots. */
function joinRuns(parent: Int32Array, a: number, b: number): void {
  const [ra, rb] = [findRoot(parent, a), findRoot(parent, b)];
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
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
