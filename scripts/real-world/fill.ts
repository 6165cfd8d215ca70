/**
 * Fills glyph outlines into an ink-coverage map (0 paper .. 1 ink), anti-aliased the way a scanner
 * or camera sees ink: each pixel row is cut by SUB_ROWS scanlines, each scanline's inside spans
 * (non-zero winding, as TrueType and CFF outlines are defined) add their exact horizontal overlap
 * with every pixel. Then the pen can be made thicker or thinner by growing or shrinking the ink.
 */

export type Point = [number, number];
/** A closed outline (the last point joins the first), in pixel coordinates, y down. */
export type Contour = Point[];

/** Scanlines per pixel row: 1/16 steps of vertical coverage, plenty for 100-pixel digits. */
const SUB_ROWS = 16;

/** Adds `weight` times the overlap of [from, to) with each pixel of one row. */
function addSpan(row: Float32Array, from: number, to: number, weight: number): void {
  const a = Math.max(0, from);
  const b = Math.min(row.length, to);
  if (b <= a) return;
  const first = Math.floor(a);
  const last = Math.floor(b);
  if (first === last) {
    row[first] += (b - a) * weight;
    return;
  }
  row[first] += (first + 1 - a) * weight;
  for (let x = first + 1; x < last; x++) row[x] += weight;
  if (last < row.length) row[last] += (b - last) * weight;
}

/** Coverage 0..1 of each pixel of a width x height canvas by the contours (non-zero winding). */
export function fillContours(contours: Contour[], width: number, height: number): Float32Array {
  const edges: Array<{ x0: number; y0: number; x1: number; y1: number; dir: number }> = [];
  for (const contour of contours) {
    for (let i = 0; i < contour.length; i++) {
      const [xa, ya] = contour[i];
      const [xb, yb] = contour[(i + 1) % contour.length];
      if (ya === yb) continue; // A horizontal edge crosses no scanline.
      edges.push(ya < yb ? { x0: xa, y0: ya, x1: xb, y1: yb, dir: 1 } : { x0: xb, y0: yb, x1: xa, y1: ya, dir: -1 });
    }
  }
  const coverage = new Float32Array(width * height);
  const crossings: Array<{ x: number; dir: number }> = [];
  for (let y = 0; y < height; y++) {
    const row = coverage.subarray(y * width, (y + 1) * width);
    for (let s = 0; s < SUB_ROWS; s++) {
      const sy = y + (s + 0.5) / SUB_ROWS;
      crossings.length = 0;
      for (const e of edges) {
        // Half-open in y, so a scanline through a shared vertex counts it once.
        if (sy < e.y0 || sy >= e.y1) continue;
        crossings.push({ x: e.x0 + ((sy - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
      }
      crossings.sort((p, q) => p.x - q.x);
      let winding = 0;
      for (let k = 0; k < crossings.length; k++) {
        const before = winding;
        winding += crossings[k].dir;
        if (before === 0 && winding !== 0) {
          let end = k + 1;
          let w = winding;
          while (end < crossings.length && (w += crossings[end].dir) !== 0) end++;
          if (end < crossings.length) addSpan(row, crossings[k].x, crossings[end].x, 1 / SUB_ROWS);
          winding = 0;
          k = end;
        }
      }
    }
  }
  for (let i = 0; i < coverage.length; i++) coverage[i] = Math.min(1, coverage[i]);
  return coverage;
}

/**
 * A thicker (radius > 0) or thinner (radius < 0) pen: each pixel takes the most (or least) ink
 * within `|radius|` pixels, the fractional part blended in so the change is smooth.
 */
export function changeStroke(coverage: Float32Array, width: number, height: number, radius: number): Float32Array {
  const r = Math.abs(radius);
  if (r < 1e-6) return coverage.slice();
  const grow = radius > 0;
  const reach = Math.ceil(r);
  const offsets: Array<{ dx: number; dy: number; weight: number }> = [];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      // A disc whose rim fades over one pixel, so a straight edge moves by exactly `radius` pixels.
      const weight = Math.max(0, Math.min(1, r + 1 - Math.hypot(dx, dy)));
      if (weight > 0) offsets.push({ dx, dy, weight });
    }
  }
  const out = new Float32Array(coverage.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const own = coverage[y * width + x];
      let value = own;
      for (const { dx, dy, weight } of offsets) {
        const xx = x + dx;
        const yy = y + dy;
        // Beyond the canvas is paper.
        const other = xx < 0 || yy < 0 || xx >= width || yy >= height ? 0 : coverage[yy * width + xx];
        const seen = own + (other - own) * weight;
        value = grow ? Math.max(value, seen) : Math.min(value, seen);
      }
      out[y * width + x] = value;
    }
  }
  return out;
}
