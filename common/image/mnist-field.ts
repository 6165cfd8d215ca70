/**
 * MNIST's 28x28 field and how a digit is put in it, as MNIST itself was made: the digit's box
 * scaled, anti-aliased, aspect kept, to fit 20x20, then placed with its centre of mass at the
 * field's centre.
 */
import { fitInside, resizePlane, type Plane } from './plane';
import type { Rect } from './resample';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** MNIST digits fill a 20x20 box inside the 28x28 field. */
export const MNIST_FIT = 20;
/** Where MNIST puts the centre of mass, in pixel-index coordinates (measured over all 70k: 14.0, 14.0). */
export const MNIST_CENTRE = 14;

/** Lifts the brightest value to 1: a thin line shrunk from a large photo is a faint trace, MNIST's strokes have a saturated core. */
export function brighten(p: Plane): Plane {
  let peak = 0;
  for (let i = 0; i < p.data.length; i++) if (p.data[i] > peak) peak = p.data[i];
  if (peak > 0 && peak < 1) for (let i = 0; i < p.data.length; i++) p.data[i] /= peak;
  return p;
}

/** The part `box` of `source` shrunk with area averaging to fit `side` x `side`, then centred by mass in the field. */
export function intoField(source: Plane, box: Rect, side = MNIST_FIT): Float32Array {
  const fit = fitInside(box.width, box.height, side);
  const fitted = brighten(resizePlane(source, box, fit.width, fit.height));
  return placeByCentreOfMass(fitted.data, fit.width, fit.height);
}

/**
 * Copies the fitted digit into the 28x28 field, shifted by whole pixels so its centre of mass lands
 * as close to (14, 14) as the frame allows (the digit is never cut off).
 */
export function placeByCentreOfMass(digit: Float32Array, width: number, height: number): Float32Array {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = digit[y * width + x];
      mass += v;
      sumX += v * x;
      sumY += v * y;
    }
  }
  const centreX = mass > 0 ? sumX / mass : (width - 1) / 2;
  const centreY = mass > 0 ? sumY / mass : (height - 1) / 2;
  const left = clamp(Math.round(MNIST_CENTRE - centreX), 0, MNIST_SIDE - width);
  const top = clamp(Math.round(MNIST_CENTRE - centreY), 0, MNIST_SIDE - height);
  const field = new Float32Array(MNIST_PIXELS);
  for (let y = 0; y < height; y++) {
    field.set(digit.subarray(y * width, (y + 1) * width), (top + y) * MNIST_SIDE + left);
  }
  return field;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
