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

function findRuns(mask: Uint8Array, width: number, height: number): Runs {
  // A row holds at most (width + 1) / 2 runs, each separated from the next by a gap.
  const most = ((width + 1) >> 1) * height;
  const row = runRow.unset(most);
  const first = runFirst.unset(most);
  const last = runLast.unset(most);
  const rowStart = rowRuns.unset(height + 1);
  // Most of a mask is empty paper: where it lies on a 4-byte boundary, four pixels are looked at in one read.
  const words = mask.byteOffset % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2) : null;
  const wholeWords = words ? words.length * 4 : 0;
  let count = 0;
  // Rows above `nextRow` have had their first run's index set.
  let nextRow = 0;
  for (let i = 0; i < mask.length; i++) {
    if ((i & 3) === 0 && i < wholeWords && words![i >> 2] === 0) {
      i += 3;
      continue;
    }
    if (mask[i] === 0) continue;
    const y = Math.floor(i / width);
    while (nextRow <= y) rowStart[nextRow++] = count;
    const rowEnd = (y + 1) * width;
    row[count] = y;
    first[count] = i - y * width;
    while (i + 1 < rowEnd && mask[i + 1] !== 0) i++;
    last[count++] = i - y * width;
  }
  while (nextRow <= height) rowStart[nextRow++] = count;
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
