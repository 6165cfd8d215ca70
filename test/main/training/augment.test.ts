import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../common/training/random';
import { drawAugmentation, drawShifts, MAX_SHIFT, shiftImages, sliceAugmentation } from '../../../main/training/augment';
import { drawWarps, HANDWRITING_LIMITS, WARP_VALUES, warpImages } from '../../../main/training/warp';

/** The expected result, pixel by pixel in plain JS. */
function shiftedByHand(image: Float32Array, dy: number, dx: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const sy = y + dy;
      const sx = x + dx;
      out.push(sy >= 0 && sy < 28 && sx >= 0 && sx < 28 ? image[sy * 28 + sx] : 0);
    }
  }
  return out;
}

describe.each(['cpu', 'wasm'])('shiftImages on %s', (backend) => {
  it('moves whole pixels exactly and fills the border with zeros', async () => {
    await tf.setBackend(backend);
    const images = Array.from({ length: 3 }, (_, n) => Float32Array.from({ length: 784 }, (_, i) => ((i * 7 + n * 13) % 255) / 255));
    const shifts: Array<[number, number]> = [
      [0, 0],
      [-2, 2],
      [1, -1],
    ];
    const input = tf.tensor4d(Float32Array.from(images.flatMap((img) => Array.from(img))), [3, 28, 28, 1]);
    const before = tf.memory().numTensors;
    const output = tf.tidy(() => shiftImages(tf, input, shifts));
    expect(tf.memory().numTensors).toBe(before + 1);
    const values = await output.data();
    shifts.forEach(([dy, dx], n) => {
      expect(Array.from(values.subarray(n * 784, (n + 1) * 784))).toEqual(shiftedByHand(images[n], dy, dx));
    });
    tf.dispose([input, output]);
  });
});

describe('drawShifts', () => {
  it('draws every offset from -2 to 2, reproducibly from the seed', () => {
    const a = drawShifts(500, createRng(3));
    expect(drawShifts(500, createRng(3))).toEqual(a);
    const seen = new Set(a.flat());
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2]);
    expect(a.flat().every((v) => Math.abs(v) <= MAX_SHIFT)).toBe(true);
  });
});

/** WARP_VALUES numbers: the sampling map [a b; c d], a shift, a stroke change and no elastic wobble. */
function warp(map: [number, number, number, number], shift: [number, number] = [0, 0], thickness = 0): number[] {
  return [...map, shift[0], shift[1], thickness, ...new Array<number>(WARP_VALUES - 7).fill(0)];
}

const IDENTITY: [number, number, number, number] = [1, 0, 0, 1];

describe.each(['cpu', 'wasm'])('warpImages on %s', (backend) => {
  const images = Array.from({ length: 4 }, (_, n) => Float32Array.from({ length: 784 }, (_, i) => ((i * 11 + n * 29) % 97) / 96));
  const input = () => tf.tensor4d(Float32Array.from(images.flatMap((img) => Array.from(img))), [images.length, 28, 28, 1]);

  it('leaves images as they are under the identity, moves whole pixels like shiftImages, turns 180 degrees exactly', async () => {
    await tf.setBackend(backend);
    const x = input();
    const before = tf.memory().numTensors;
    const params = Float32Array.from([
      ...warp(IDENTITY),
      ...warp(IDENTITY, [2, -1]),
      ...warp([-1, 0, 0, -1]),
      ...warp(IDENTITY, [-2, 2]),
    ]);
    const out = tf.tidy(() => warpImages(tf, x, params));
    expect(tf.memory().numTensors).toBe(before + 1);
    const values = await out.data();
    const image = (n: number) => Array.from(values.subarray(n * 784, (n + 1) * 784));
    expect(image(0)).toEqual(Array.from(images[0]));
    // The warp's shift is where it reads from: (dx, dy) = (2, -1) reads pixel (y - 1, x + 2).
    expect(image(1)).toEqual(shiftedByHand(images[1], -1, 2));
    expect(image(2)).toEqual(Array.from(images[2]).reverse());
    expect(image(3)).toEqual(shiftedByHand(images[3], 2, -2));
    tf.dispose([x, out]);
  });

  it('thickens strokes toward a 3x3 dilation and thins them toward an erosion', async () => {
    await tf.setBackend(backend);
    const x = input();
    const params = Float32Array.from([...warp(IDENTITY, [0, 0], 1), ...warp(IDENTITY, [0, 0], -1), ...warp(IDENTITY, [0, 0], 0.5), ...warp(IDENTITY)]);
    const [out, dilated, eroded] = tf.tidy(() => [warpImages(tf, x, params), tf.maxPool(x, 3, 1, 'same'), tf.neg(tf.maxPool(tf.neg(x), 3, 1, 'same'))]);
    const got = await out.data();
    const dil = await dilated.data();
    const ero = await eroded.data();
    for (let i = 0; i < 784; i++) {
      expect(got[i]).toBeCloseTo(dil[i], 6);
      expect(got[784 + i]).toBeCloseTo(ero[784 + i], 6);
      expect(got[2 * 784 + i]).toBeCloseTo((images[2][i] + dil[2 * 784 + i]) / 2, 6);
    }
    tf.dispose([x, out, dilated, eroded]);
  });

  it('keeps a drawn digit\'s ink inside the picture and its values within 0..1', async () => {
    await tf.setBackend(backend);
    // A bar in the middle: every handwriting warp keeps it well inside the 28x28 field.
    const bar = Float32Array.from({ length: 784 }, (_, i) => (Math.abs((i % 28) - 13.5) < 2 && Math.abs(Math.floor(i / 28) - 13.5) < 7 ? 1 : 0));
    const count = 64;
    const x = tf.tensor4d(Float32Array.from({ length: count * 784 }, (_, i) => bar[i % 784]), [count, 28, 28, 1]);
    const out = tf.tidy(() => warpImages(tf, x, drawWarps(count, createRng(5))));
    const values = await out.data();
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    for (let n = 0; n < count; n++) {
      const image = Array.from(values.subarray(n * 784, (n + 1) * 784));
      const ink = image.reduce((a, b) => a + b, 0);
      const border = image.filter((_, i) => i % 28 === 0 || i % 28 === 27 || i < 28 || i >= 756).reduce((a, b) => a + b, 0);
      expect(ink).toBeGreaterThan(20);
      expect(border).toBe(0);
    }
    tf.dispose([x, out]);
  });
});

describe('drawAugmentation', () => {
  it('draws the same batches from the same seed, none when off, and splits like the batch', () => {
    expect(drawAugmentation('off', 10, createRng(1))).toBeNull();
    const shift = drawAugmentation('shift', 10, createRng(1));
    // 'shift' draws exactly what runs recorded with augmentation on always drew.
    expect(shift).toEqual({ kind: 'shift', shifts: drawShifts(10, createRng(1)) });

    const a = drawAugmentation('handwriting', 10, createRng(4));
    expect(a).toEqual(drawAugmentation('handwriting', 10, createRng(4)));
    expect(a).not.toEqual(drawAugmentation('handwriting', 10, createRng(5)));
    if (a?.kind !== 'handwriting') throw new Error('expected handwriting');
    expect(a.warps).toHaveLength(10 * WARP_VALUES);
    const part = sliceAugmentation(a, 3, 4);
    expect(part).toEqual({ kind: 'handwriting', warps: a.warps.slice(3 * WARP_VALUES, 7 * WARP_VALUES) });
    if (shift?.kind !== 'shift') throw new Error('expected shift');
    expect(sliceAugmentation(shift, 3, 4)).toEqual({ kind: 'shift', shifts: shift.shifts.slice(3, 7) });
  });

  it('stays within the limits: rotation, scale and slant small, shifts up to 2 pixels', () => {
    const a = drawAugmentation('handwriting', 2000, createRng(8));
    if (a?.kind !== 'handwriting') throw new Error('expected handwriting');
    const L = HANDWRITING_LIMITS;
    for (let i = 0; i < 2000; i++) {
      const [m00, m01, m10, m11, tx, ty, thickness] = a.warps.subarray(i * WARP_VALUES, i * WARP_VALUES + 7);
      const det = m00 * m11 - m01 * m10;
      // The area factor of a sampling map is 1/scale²: within the scale range.
      expect(1 / Math.sqrt(det)).toBeGreaterThan(L.scale[0] - 1e-3);
      expect(1 / Math.sqrt(det)).toBeLessThan(L.scale[1] + 1e-3);
      expect(Math.abs(tx)).toBeLessThanOrEqual(L.shiftPixels);
      expect(Math.abs(ty)).toBeLessThanOrEqual(L.shiftPixels);
      expect(thickness).toBeGreaterThanOrEqual(L.thickness[0]);
      expect(thickness).toBeLessThanOrEqual(L.thickness[1]);
    }
  });
});

describe('warpImages across backends', () => {
  it('warps every image of a batch the same on the plain-JavaScript backend as on wasm', async () => {
    const count = 6;
    const pixels = Float32Array.from({ length: count * 784 }, (_, i) => ((i * 13) % 101) / 100);
    const warps = drawWarps(count, createRng(21));
    const on = async (backend: string): Promise<Float32Array> => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(pixels, [count, 28, 28, 1]);
      const out = tf.tidy(() => warpImages(tf, x, warps));
      const values = (await out.data()) as Float32Array;
      tf.dispose([x, out]);
      return values;
    };
    const cpu = await on('cpu');
    const wasm = await on('wasm');
    // Every image moved (none left as it was, none left blank), and both backends agree.
    for (let n = 0; n < count; n++) {
      const image = Array.from(cpu.subarray(n * 784, (n + 1) * 784));
      expect(image.some((v, i) => Math.abs(v - pixels[n * 784 + i]) > 0.01)).toBe(true);
      expect(image.some((v) => v > 0.1)).toBe(true);
    }
    expect(Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i])))).toBeLessThan(1e-4);
  });
});
