/**
 * Stroke width: measured as solid ink area over skeleton length (the skeleton by Zhang-Suen
 * thinning), and brought toward MNIST's by growing (a 3x3 maximum) or thinning (a 3x3 minimum)
 * the strokes, one pixel per side per pass. A fine pen line and a thick marker then both look like
 * MNIST's pen to the model.
 */
import { plane, solidMask, type Plane } from './plane';

const SOLID = 0.5;

/**
 * Zhang-Suen thinning of a binary image to its one-pixel skeleton. Each pass looks only at the
 * pixels still solid (a thick marker's stroke takes many passes over a mostly empty picture), on
 * a copy with a one-pixel empty border so the neighbours need no bounds checks.
 */
export function skeletonOf(solid: Uint8Array, width: number, height: number): Uint8Array {
  const w = width + 2;
  const img = new Uint8Array(w * (height + 2));
  let alive: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!solid[y * width + x]) continue;
      const i = (y + 1) * w + x + 1;
      img[i] = 1;
      alive.push(i);
    }
  }
  // Neighbours clockwise from north: N, NE, E, SE, S, SW, W, NW.
  const offsets = [-w, -w + 1, 1, w + 1, w, w - 1, -1, -w - 1];
  const n = new Uint8Array(8);
  const remove: number[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      remove.length = 0;
      for (const i of alive) {
        for (let k = 0; k < 8; k++) n[k] = img[i + offsets[k]];
        const count = n[0] + n[1] + n[2] + n[3] + n[4] + n[5] + n[6] + n[7];
        if (count < 2 || count > 6) continue;
        let transitions = 0;
        for (let k = 0; k < 8; k++) if (!n[k] && n[(k + 1) % 8]) transitions++;
        if (transitions !== 1) continue;
        if (pass === 0 ? n[0] * n[2] * n[4] || n[2] * n[4] * n[6] : n[0] * n[2] * n[6] || n[0] * n[4] * n[6]) continue;
        remove.push(i);
      }
      for (const i of remove) img[i] = 0;
      if (remove.length > 0) {
        changed = true;
        alive = alive.filter((i) => img[i] === 1);
      }
    }
  }
  const out = new Uint8Array(width * height);
  for (const i of alive) out[(Math.floor(i / w) - 1) * width + (i % w) - 1] = 1;
  return out;
}

/** Distance (in pixels, chamfer 3-4) from every solid pixel to the nearest background, counting the pixel itself as 1. */
export function distanceToEdge(solid: Uint8Array, width: number, height: number): Float32Array {
  const far = 1e9;
  const d = new Float32Array(solid.length);
  for (let i = 0; i < d.length; i++) d[i] = solid[i] ? far : 0;
  const get = (x: number, y: number): number => (x < 0 || y < 0 || x >= width || y >= height ? 0 : d[y * width + x]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i], get(x - 1, y) + 3, get(x, y - 1) + 3, get(x - 1, y - 1) + 4, get(x + 1, y - 1) + 4);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i], get(x + 1, y) + 3, get(x, y + 1) + 3, get(x + 1, y + 1) + 4, get(x - 1, y + 1) + 4);
    }
  }
  for (let i = 0; i < d.length; i++) d[i] /= 3;
  return d;
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
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      let best = grow ? 0 : 1;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const sx = x - pad + dx;
          const sy = y - pad + dy;
          const v = sx < 0 || sy < 0 || sx >= p.width || sy >= p.height ? 0 : p.data[sy * p.width + sx];
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

const solidArea = (p: Plane): number => p.data.reduce((n, v) => n + (v >= SOLID ? 1 : 0), 0);

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
    let out = plane(p.width, p.height, p.data.map((v) => Math.min(1, 2 * v)));
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
