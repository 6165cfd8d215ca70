/**
 * Runs of set pixels along the rows of a mask, joined into 8-connected sets by union-find: what
 * labelling the pieces of solid ink and keeping the faint ink joined to the digit both work on,
 * instead of pixel by pixel. The runs live in working space: valid until the next call.
 */
import { Scratch } from './scratch';

/** Each horizontal run of set pixels: its row, first and last column, and where each row's runs begin. */
const runRow = new Scratch((n) => new Int32Array(n));
const runFirst = new Scratch((n) => new Int32Array(n));
const runLast = new Scratch((n) => new Int32Array(n));
const rowRuns = new Scratch((n) => new Int32Array(n));
/** Union-find over the runs: each run's parent. */
const runParent = new Scratch((n) => new Int32Array(n));

/** The runs of `mask` (0 or not, per pixel), each joined to the runs it touches, diagonally included. */
export function connectedRuns(mask: Uint8Array, width: number, height: number): Runs {
  const runs = findRuns(mask, width, height);
  joinTouchingRuns(runs, height);
  return runs;
}

export interface Runs {
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

export function findRoot(parent: Int32Array, r: number): number {
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
