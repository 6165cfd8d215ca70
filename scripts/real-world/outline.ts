/**
 * Digit outlines from a handwriting font (a .woff file of an npm package, read by opentype.js; used
 * only by scripts/make-real-world-set.ts, never at run time): each glyph's curves flattened to
 * closed polygons, in a box one unit high (x right, y down, the glyph's own aspect kept), with the
 * width of the font's pen measured on them.
 */
import { readFileSync } from 'node:fs';
import opentype, { type PathCommand } from 'opentype.js';
import type { Contour, Point } from './fill';

/** Line pieces per curve: smooth at the 100-200 pixel sizes the set draws. */
const CURVE_STEPS = 10;

export interface DigitOutline {
  /** Closed contours in a box one unit high and `aspect` wide, y down. */
  contours: Contour[];
  /** Width / height of the glyph's ink. */
  aspect: number;
  /** The pen's width as a fraction of the height: 2 x area / perimeter, exact for long even strokes. */
  stroke: number;
}

/** Curves of one glyph as polygons, in font units (y up). */
export function flattenPath(commands: PathCommand[]): Contour[] {
  const contours: Contour[] = [];
  let current: Contour = [];
  let at: Point = [0, 0];
  const close = (): void => {
    if (current.length > 2) contours.push(current);
    current = [];
  };
  for (const c of commands) {
    if (c.type === 'M') {
      close();
      at = [c.x, c.y];
      current.push(at);
    } else if (c.type === 'L') {
      at = [c.x, c.y];
      current.push(at);
    } else if (c.type === 'Q' || c.type === 'C') {
      const [x0, y0] = at;
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        current.push(
          c.type === 'Q'
            ? [u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y]
            : [
                u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
                u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
              ],
        );
      }
      at = [c.x, c.y];
    } else {
      close();
    }
  }
  close();
  return contours;
}

/** Contours placed in a box one unit high (y flipped to point down), with their aspect and pen width. */
export function normaliseOutline(contours: Contour[]): DigitOutline {
  const points = contours.flat();
  const minX = Math.min(...points.map((p) => p[0]));
  const maxX = Math.max(...points.map((p) => p[0]));
  const minY = Math.min(...points.map((p) => p[1]));
  const maxY = Math.max(...points.map((p) => p[1]));
  const side = maxY - minY;
  const placed = contours.map((c) => c.map(([x, y]): Point => [(x - minX) / side, (maxY - y) / side]));
  let area = 0;
  let perimeter = 0;
  for (const c of placed) {
    for (let i = 0; i < c.length; i++) {
      const [xa, ya] = c[i];
      const [xb, yb] = c[(i + 1) % c.length];
      area += xa * yb - xb * ya;
      perimeter += Math.hypot(xb - xa, yb - ya);
    }
  }
  return { contours: placed, aspect: (maxX - minX) / side, stroke: Math.abs(area) / perimeter };
}

/** The ten digit outlines of a font file. */
export function readDigitOutlines(fontFile: string): DigitOutline[] {
  const bytes = readFileSync(fontFile);
  const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return Array.from({ length: 10 }, (_, digit) => normaliseOutline(flattenPath(font.charToGlyph(String(digit)).path.commands)));
}
