/**
 * The digit seen a few ways MNIST's own writers vary, each put in the 28x28 field; the model reads
 * every view and its answer is the mean of their probabilities (test-time augmentation). A digit
 * that sits between two of MNIST's habits (a slant half removed, a lean, a size) is then not left
 * to whichever side the single reading happened to fall on.
 *
 * Chosen on people's digits outside MNIST, with three default-preset models (README, "Several
 * views"): 1,797 real writers' digits 93.8% -> 94.4% (scans and photos alike), the set's writers
 * 96.2% -> 96.9%, and, checked on fonts no choice was made on, its held-out writers 92.6% -> 94.1%;
 * each model read more of each, but for one model the real writers' photos (0.2 points fewer).
 * Turns of 15 degrees, and thinner or thicker strokes, were tried and left out.
 */
import { MNIST_FIT, intoField } from './mnist-field';
import { plane, planeBoundingBox, type Plane } from './plane';
import type { Rect } from './resample';

/** What each view is, in the order readingViews returns them: the first is the reading itself. */
export const READING_VIEWS = ['as read', 'slant kept', 'turned 8° clockwise', 'turned 8° anticlockwise', 'boxed in 18 px', 'boxed in 22 px'] as const;

const TURN_DEGREES = 8;
const BOX_SIDES = { smaller: 18, larger: 22 } as const;

export interface DigitForViews {
  /** The digit as read: deskewed and re-stroked, at working size. */
  digit: Plane;
  /** Where the digit's ink is in `source`, and the plane to fit from (the digit, or the picture's ink when no step changed it). */
  source: Plane;
  sourceBox: Rect;
  /** The digit re-stroked but not deskewed, or null where deskewing changed nothing (its view is then the reading's). */
  slanted: Plane | null;
}

/** The views' 28x28 inputs, READING_VIEWS in order. */
export function readingViews(d: DigitForViews, asRead: Float32Array = intoField(d.source, d.sourceBox)): Float32Array[] {
  return [
    asRead,
    d.slanted ? intoField(d.slanted, boxOf(d.slanted)) : asRead,
    turned(d.digit, TURN_DEGREES),
    turned(d.digit, -TURN_DEGREES),
    intoField(d.source, d.sourceBox, BOX_SIDES.smaller),
    intoField(d.source, d.sourceBox, BOX_SIDES.larger),
  ];
}

function boxOf(p: Plane): Rect {
  return planeBoundingBox(p) ?? { x: 0, y: 0, width: p.width, height: p.height };
}

function turned(digit: Plane, degrees: number): Float32Array {
  const p = rotatePlane(digit, degrees);
  return intoField(p, boxOf(p), MNIST_FIT);
}

/**
 * The plane turned by `degrees` (clockwise on screen for positive angles, y pointing down) about its centre,
 * on a canvas grown to hold all of it, sampled bilinearly so strokes stay anti-aliased.
 */
export function rotatePlane(p: Plane, degrees: number): Plane {
  const angle = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const width = Math.ceil(Math.abs(p.width * cos) + Math.abs(p.height * sin)) + 2;
  const height = Math.ceil(Math.abs(p.width * sin) + Math.abs(p.height * cos)) + 2;
  const out = plane(width, height);
  const [cx, cy, ox, oy] = [(p.width - 1) / 2, (p.height - 1) / 2, (width - 1) / 2, (height - 1) / 2];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [dx, dy] = [x - ox, y - oy];
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const [fx, fy] = [sx - x0, sy - y0];
      out.data[y * width + x] =
        (1 - fy) * ((1 - fx) * at(p, x0, y0) + fx * at(p, x0 + 1, y0)) + fy * ((1 - fx) * at(p, x0, y0 + 1) + fx * at(p, x0 + 1, y0 + 1));
    }
  }
  return out;
}

function at(p: Plane, x: number, y: number): number {
  return x >= 0 && y >= 0 && x < p.width && y < p.height ? p.data[y * p.width + x] : 0;
}
