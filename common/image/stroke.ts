/**
 * Stroke width: measured as solid ink area over skeleton length (the skeleton by Zhang-Suen
 * thinning), and brought toward MNIST's by growing (a 3x3 maximum) or thinning (a 3x3 minimum)
 * the strokes, one pixel per side per pass. A fine pen line and a thick marker then both look like
 * MNIST's pen to the model.
 */
import { plane, type Plane } from './plane';
import { Scratch } from './scratch';

const SOLID = 0.5;

/**
 * Whether Zhang-Suen's sub-iteration `pass` (0 or 1) removes a pixel whose neighbours, clockwise
 * from north (N, NE, E, SE, S, SW, W, NW), are the bits 0..7 of `code`.
 */
function removable(pass: number, code: number): boolean {
  const n = Array.from({ length: 8 }, (_, k) => (code >> k) & 1);
  const count = n.reduce((sum, v) => sum + v, 0);
  if (count < 2 || count > 6) return false;
  let transitions = 0;
  for (let k = 0; k < 8; k++) if (!n[k] && n[(k + 1) % 8]) transitions++;
  if (transitions !== 1) return false;
  return !(pass === 0 ? n[0] * n[2] * n[4] || n[2] * n[4] * n[6] : n[0] * n[2] * n[6] || n[0] * n[4] * n[6]);
}

/** The test above for every neighbourhood, per sub-iteration: thinning looks each pixel up once per pass. */
const REMOVABLE = [0, 1].map((pass) => Uint8Array.from({ length: 256 }, (_, code) => (removable(pass, code) ? 1 : 0)));

const thinnedScratch = new Scratch((n) => new Uint8Array(n));
const aliveScratch = new Scratch((n) => new Int32Array(n));
const removeScratch = new Scratch((n) => new Int32Array(n));

/**
 * The one-pixel skeleton's pixels, as indices into the picture with a one-pixel border added (rows
 * width + 2 long, as chamferThirds gives its distances), in row order; valid until the next call.
 * Zhang-Suen thinning: each pass looks only at the pixels still solid (a thick marker's stroke
 * takes many passes over a mostly empty picture), on a copy with an empty border so the
 * neighbours need no bounds checks.
 */
function skeletonPixels(solid: Uint8Array, width: number, height: number): { indices: Int32Array; count: number } {
  const w = width + 2;
  const img = thinnedScratch.zeroed(w * (height + 2));
  const alive = aliveScratch.unset(solid.length);
  let count = copySolidPadded(solid, width, height, img, alive);
  const remove = removeScratch.unset(count);
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      // Every removal of a pass is decided on the picture as the pass found it, then made.
      const table = REMOVABLE[pass];
      let removed = 0;
      let kept = 0;
      for (let j = 0; j < count; j++) {
        const i = alive[j];
        // The list drops the pixels the previous pass removed as this one walks it.
        if (img[i] === 0) continue;
        alive[kept++] = i;
        const code =
          img[i - w] | (img[i - w + 1] << 1) | (img[i + 1] << 2) | (img[i + w + 1] << 3) |
          (img[i + w] << 4) | (img[i + w - 1] << 5) | (img[i - 1] << 6) | (img[i - w - 1] << 7);
        if (table[code]) remove[removed++] = i;
      }
      count = kept;
      for (let k = 0; k < removed; k++) img[remove[k]] = 0;
      if (removed > 0) changed = true;
    }
  }
  // The last pass removed nothing: every pixel left on the list is the skeleton's.
  return { indices: alive, count };
}

/** Copies `solid` into `padded` (a one-pixel border around it), lists the solid pixels' indices there in row order into `into`, and counts them. */
function copySolidPadded(solid: Uint8Array, width: number, height: number, padded: Uint8Array, into: Int32Array): number {
  const w = width + 2;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0, from = y * width, to = (y + 1) * w + 1; x < width; x++) {
      if (solid[from + x] === 0) continue;
      padded[to + x] = 1;
      into[count++] = to + x;
    }
  }
  return count;
}

const chamferScratch = new Scratch((n) => new Int32Array(n));

/**
 * Chamfer 3-4 distance from every solid pixel to the nearest background, in thirds of a pixel and
 * counting the pixel itself (so 3 at the edge), on the picture with a one-pixel border of
 * background added (rows width + 2 long): the neighbours need no bounds checks. Whole numbers, so
 * the two sweeps are integer arithmetic. Valid until the next call.
 */
function chamferThirds(solid: Uint8Array, width: number, height: number): Int32Array {
  const far = 1e9;
  const w = width + 2;
  const d = chamferScratch.zeroed(w * (height + 2));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (solid[y * width + x]) d[(y + 1) * w + x + 1] = far;
  for (let y = 1; y <= height; y++) {
    for (let i = y * w + 1, end = i + width; i < end; i++) {
      if (d[i] === 0) continue;
      d[i] = min5(d[i], d[i - 1] + 3, d[i - w] + 3, d[i - w - 1] + 4, d[i - w + 1] + 4);
    }
  }
  for (let y = height; y >= 1; y--) {
    for (let i = y * w + width; i > y * w; i--) {
      if (d[i] === 0) continue;
      d[i] = min5(d[i], d[i + 1] + 3, d[i + w] + 3, d[i + w + 1] + 4, d[i + w - 1] + 4);
    }
  }
  return d;
}

function min5(a: number, b: number, c: number, d: number, e: number): number {
  const ab = a < b ? a : b;
  const cd = c < d ? c : d;
  const abcd = ab < cd ? ab : cd;
  return abcd < e ? abcd : e;
}

/**
 * Typical stroke width in pixels, or 0 when the plane has no solid ink: twice the distance from the
 * skeleton to the stroke's edge (the median along the skeleton), less the centre pixel counted twice.
 */
export function strokeWidth(p: Plane): number {
  const solid = solidMaskScratch.unset(p.data.length);
  let area = 0;
  for (let i = 0; i < solid.length; i++) area += (solid[i] = p.data[i] >= SOLID ? 1 : 0);
  if (area === 0) return 0;
  const skeleton = skeletonPixels(solid, p.width, p.height);
  const thirds = chamferThirds(solid, p.width, p.height);
  // The median distance along the skeleton (whole thirds sort as their quotients by 3 do).
  const along = alongScratch.unset(skeleton.count);
  for (let j = 0; j < skeleton.count; j++) along[j] = thirds[skeleton.indices[j]];
  along.sort();
  // Rounded to single precision: the distances were Float32 values when the widths were measured.
  return Math.max(1, 2 * Math.fround(along[Math.floor(skeleton.count / 2)] / 3) - 1);
}

const solidMaskScratch = new Scratch((n) => new Uint8Array(n));
const alongScratch = new Scratch((n) => new Int32Array(n));

/** The one-pixel skeleton of the solid ink, as a plane of 1s and 0s: the same digit as a fine pen would draw its centre line. */
export function skeletonOf(p: Plane): Plane {
  const solid = Uint8Array.from(p.data, (v) => (v >= SOLID ? 1 : 0));
  const skeleton = skeletonPixels(solid, p.width, p.height);
  const out = plane(p.width, p.height);
  const w = p.width + 2;
  for (let j = 0; j < skeleton.count; j++) {
    const i = skeleton.indices[j];
    out.data[(Math.floor(i / w) - 1) * p.width + (i % w) - 1] = 1;
  }
  return out;
}

const filterSourceScratch = new Scratch((n) => new Float32Array(n));
const filterRowsScratch = new Scratch((n) => new Float32Array(n));

/**
 * One pass of a 3x3 maximum (grow) or minimum (thin), with a border of `pad` pixels added. Done
 * as three along each row, then three of those down each column: the same extreme of the same
 * nine values (Math.max and Math.min do not depend on the order), for six comparisons instead of nine.
 */
function filter3(p: Plane, grow: boolean): Plane {
  const pad = grow ? 1 : 0;
  const out = plane(p.width + 2 * pad, p.height + 2 * pad);
  // The source inside a border of two 0 pixels, what lies outside it reads as: no bounds checks below.
  const sw = p.width + 4;
  const sh = p.height + 4;
  const src = filterSourceScratch.zeroed(sw * sh);
  for (let y = 0; y < p.height; y++) src.set(p.data.subarray(y * p.width, (y + 1) * p.width), (y + 2) * sw + 2);
  // alongRow[y][x]: the extreme of src's row y over the three columns of out's column x (from x - pad + 1).
  const ow = out.width;
  const alongRow = filterRowsScratch.unset(sh * ow);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < ow; x++) {
      const i = y * sw + x - pad + 1;
      alongRow[y * ow + x] = grow ? Math.max(src[i], src[i + 1], src[i + 2]) : Math.min(src[i], src[i + 1], src[i + 2]);
    }
  }
  // The neighbourhood of out's (x, y) starts at src's row y - pad + 1; the extreme starts from 0 (grow) or 1 (thin).
  for (let y = 0; y < out.height; y++) {
    const top = (y - pad + 1) * ow;
    for (let x = 0; x < ow; x++) {
      const a = alongRow[top + x];
      const b = alongRow[top + ow + x];
      const c = alongRow[top + 2 * ow + x];
      out.data[y * ow + x] = grow ? Math.max(0, a, b, c) : Math.min(1, a, b, c);
    }
  }
  return out;
}

/** Thinning stops before the solid ink falls below this share of what it was: a filled blob is not thinned away. */
const MIN_AREA_KEPT = 0.4;

function solidArea(p: Plane): number {
  let area = 0;
  for (let i = 0; i < p.data.length; i++) if (p.data[i] >= SOLID) area++;
  return area;
}

/**
 * Brings the stroke width into [low, high] pixels (nothing happens inside that range): each pass
 * changes it by about 2 pixels. A faint thin line is first lifted to full ink (values doubled), so it
 * grows as ink, not as a gray haze.
 */
export function normaliseStroke(p: Plane, low: number, high: number): Plane {
  const width = strokeWidth(p);
  if (width === 0 || (width >= low && width <= high)) return p;
  const grow = width < low;
  const passes = Math.round(Math.abs((grow ? low : high) - width) / 2);
  if (grow) {
    let out = plane(p.width, p.height);
    for (let i = 0; i < p.data.length; i++) out.data[i] = Math.min(1, 2 * p.data[i]);
    for (let i = 0; i < passes; i++) out = filter3(out, true);
    return out;
  }
  const floor = MIN_AREA_KEPT * solidArea(p);
  let out = p;
  for (let i = 0; i < passes; i++) {
    const next = filter3(out, false);
    if (solidArea(next) < floor) break;
    out = next;
  }
  return out;
}
