import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../common/training/random';
import { drawShifts, MAX_SHIFT, shiftImages } from '../../../main/training/augment';

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
