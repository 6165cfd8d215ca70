/** Drawing helpers for preprocessing tests: images are made in code, never loaded from files. */
import type { RgbaPixels } from '../../../common/image/grayscale';

export type Rgba = [number, number, number, number];

export const WHITE: Rgba = [255, 255, 255, 255];
export const BLACK: Rgba = [0, 0, 0, 255];
export const CLEAR: Rgba = [0, 0, 0, 0];

export interface TestImage extends RgbaPixels {
  data: Uint8Array;
}

export function canvas(width: number, height: number, colour: Rgba): TestImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(colour, i);
  return { width, height, data };
}

export function setPixel(img: TestImage, x: number, y: number, colour: Rgba): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  img.data.set(colour, (y * img.width + x) * 4);
}

export function fillRect(img: TestImage, x: number, y: number, width: number, height: number, colour: Rgba): void {
  for (let yy = y; yy < y + height; yy++) for (let xx = x; xx < x + width; xx++) setPixel(img, xx, yy, colour);
}

/** A stroke of round pen of diameter `thickness`, from (x0, y0) to (x1, y1). */
export function line(img: TestImage, x0: number, y0: number, x1: number, y1: number, thickness: number, colour: Rgba): void {
  const r = thickness / 2;
  const minX = Math.floor(Math.min(x0, x1) - r);
  const maxX = Math.ceil(Math.max(x0, x1) + r);
  const minY = Math.floor(Math.min(y0, y1) - r);
  const maxY = Math.ceil(Math.max(y0, y1) + r);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy || 1;
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / lengthSquared));
      const distance = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
      if (distance <= r) setPixel(img, x, y, colour);
    }
  }
}

/**
 * A "7" inside the box (x, y, size wide, 1.4 * size tall), strokes size/6 thick (at least 1 px),
 * so the same digit can be drawn at any scale.
 */
export function drawSeven(img: TestImage, x: number, y: number, size: number, colour: Rgba, thickness = Math.max(1, size / 6)): void {
  const h = size * 1.4;
  const r = thickness / 2;
  line(img, x + r, y + r, x + size - r, y + r, thickness, colour);
  line(img, x + size - r, y + r, x + size * 0.35, y + h - r, thickness, colour);
  line(img, x + size * 0.3, y + h * 0.55, x + size * 0.8, y + h * 0.55, thickness, colour);
}

/** Centre of mass (pixel-index coordinates) of a 28x28 image. */
export function centreOfMass(pixels: Float32Array): { x: number; y: number; mass: number } {
  let mass = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < 784; i++) {
    mass += pixels[i];
    x += pixels[i] * (i % 28);
    y += pixels[i] * Math.floor(i / 28);
  }
  return { x: x / mass, y: y / mass, mass };
}

/** Width and height of the box holding all non-zero pixels of a 28x28 image. */
export function inkBox(pixels: Float32Array): { width: number; height: number } {
  let left = 28;
  let right = -1;
  let top = 28;
  let bottom = -1;
  for (let i = 0; i < 784; i++) {
    if (pixels[i] <= 0) continue;
    const x = i % 28;
    const y = Math.floor(i / 28);
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  return { width: right - left + 1, height: bottom - top + 1 };
}

export function meanAbsoluteDifference(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
