/**
 * Stroke width: measured as solid ink area over skeleton length (the skeleton by Zhang-Suen
 * thinning), and brought toward MNIST's by growing (a 3x3 maximum) or thinning (a 3x3 minimum)
 * the strokes, one pixel per side per pass. A fine pen line and a thick marker then both look like
 * MNIST's pen to the model.
 */
import { plane, solidMask, type Plane } from './plane';

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

/**
 * Zhang-Suen thinning of a binary image to its one-pixel skeleton. Each pass looks only at the
 * pixels still solid (a thick marker's stroke takes many passes over a mostly empty picture), on
 * a copy with a one-pixel empty border so the neighbours need no bounds checks.
 */
export function skeletonOf(solid: Uint8Array, width: number, height: number): Uint8Array {
  const w = width + 2;
  const img = new Uint8Array(w * (height + 2));
  let count = 0;
  for (let i = 0; i < solid.length; i++) if (solid[i]) count++;
  const alive = new Int32Array(count);
  count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!solid[y * width + x]) continue;
      const i = (y + 1) * w + x + 1;
      img[i] = 1;
      alive[count++] = i;
    }
  }
  const remove = new Int32Array(count);
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      // Every removal of a pass is decided on the picture as the pass found it, then made.
      const table = REMOVABLE[pass];
      let removed = 0;
      for (let j = 0; j < count; j++) {
        const i = alive[j];
        const code =
          img[i - w] | (img[i - w + 1] << 1) | (img[i + 1] << 2) | (img[i + w + 1] << 3) |
          (img[i + w] << 4) | (img[i + w - 1] << 5) | (img[i - 1] << 6) | (img[i - w - 1] << 7);
        if (table[code]) remove[removed++] = alive[j];
      }
      for (let k = 0; k < removed; k++) img[remove[k]] = 0;
      if (removed > 0) {
        changed = true;
        let kept = 0;
        for (let j = 0; j < count; j++) if (img[alive[j]] === 1) alive[kept++] = alive[j];
        count = kept;
      }
    }
  }
  const out = new Uint8Array(width * height);
  for (let j = 0; j < count; j++) {
    const i = alive[j];
    out[(Math.floor(i / w) - 1) * width + (i % w) - 1] = 1;
  }
  return out;
}

/** Distance (in pixels, chamfer 3-4) from every solid pixel to the nearest background, counting the pixel itself as 1. */
export function distanceToEdge(solid: Uint8Array, width: number, height: number): Float32Array {
  const far = 1e9;
  // Worked on a copy with a one-pixel border of background (0): the neighbours need no bounds checks.
  const w = width + 2;
  const d = new Float32Array(w * (height + 2));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (solid[y * width + x]) d[(y + 1) * w + x + 1] = far;
  for (let y = 1; y <= height; y++) {
    for (let x = 1; x <= width; x++) {
      const i = y * w + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i], d[i - 1] + 3, d[i - w] + 3, d[i - w - 1] + 4, d[i - w + 1] + 4);
    }
  }
  for (let y = height; y >= 1; y--) {
    for (let x = width; x >= 1; x--) {
      const i = y * w + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i], d[i + 1] + 3, d[i + w] + 3, d[i + w + 1] + 4, d[i + w - 1] + 4);
    }
  }
  const out = new Float32Array(solid.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = d[(y + 1) * w + x + 1] / 3;
  return out;
}

/**
 * Typical stroke width in pixels, or 0 when the plane has no solid ink: twice the distance from the
 * skeleton to the stroke's edge (the median along the skeleton), less the centre pixel counted twice.
 */
export function strokeWidth(p: Plane): number {
  const solid = solidMask(p, SOLID);
  if (!solid.includes(1)) return 0;
  const skeleton = skeletonOf(solid, p.width, p.height);
  const distance = distanceToEdge(solid, p.width, p.height);
  const along: number[] = [];
  for (let i = 0; i < skeleton.length; i++) if (skeleton[i]) along.push(distance[i]);
  along.sort((a, b) => a - b);
  return Math.max(1, 2 * along[Math.floor(along.length / 2)] - 1);
}

/** One pass of a 3x3 maximum (grow) or minimum (thin), with a border of `pad` pixels added. */
function filter3(p: Plane, grow: boolean): Plane {
  const pad = grow ? 1 : 0;
  const out = plane(p.width + 2 * pad, p.height + 2 * pad);
  // The source inside a border of two 0 pixels, what lies outside it reads as: no bounds checks below.
  const sw = p.width + 4;
  const src = new Float32Array(sw * (p.height + 4));
  for (let y = 0; y < p.height; y++) src.set(p.data.subarray(y * p.width, (y + 1) * p.width), (y + 2) * sw + 2);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      // The neighbourhood's top-left corner in `src`: (x - pad - 1, y - pad - 1) shifted by the border of 2.
      const corner = (y - pad + 1) * sw + x - pad + 1;
      let best = grow ? 0 : 1;
      for (let dy = 0; dy < 3; dy++) {
        for (let dx = 0; dx < 3; dx++) {
          const v = src[corner + dy * sw + dx];
          best = grow ? Math.max(best, v) : Math.min(best, v);
        }
      }
      out.data[y * out.width + x] = best;
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
