import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../../main/training/backends';
import { fixedRandom } from './compare';

describe("Mean's gradient", () => {
  it('is dy divided by the count, spread over the reduced axes: the values tfjs-core gives with its tensor of ones', async () => {
    const { tf } = await loadTf('wasm');
    const shape = [4, 3, 5, 6];
    const x = tf.tensor4d(fixedRandom(4 * 3 * 5 * 6, 3), shape as [number, number, number, number]);
    for (const [axis, keepDims] of [[[0, 1, 2], false], [[0, 1, 2], true], [[1], false], [[0, -1], true], [[3], false]] as const) {
      const kept = shape.map((size, i) => (axis.some((a) => (a + 4) % 4 === i) ? 1 : size));
      const count = shape.reduce((n, size, i) => n * (kept[i] === 1 ? size : 1), 1);
      const outShape = keepDims ? kept : kept.filter((_, i) => !axis.some((a) => (a + 4) % 4 === i));
      const r = tf.tensor(fixedRandom(outShape.reduce((a, b) => a * b, 1), 7), outShape);
      const gradient = tf.grad((input) => tf.sum(tf.mul(tf.mean(input, [...axis], keepDims), r)))(x);
      // tfjs-core's formula, written out.
      const expected = tf.div(tf.mul(tf.reshape(r, kept), tf.ones(shape)), count);
      expect(gradient.shape).toEqual(shape);
      expect(Array.from(gradient.dataSync())).toEqual(Array.from(expected.dataSync()));
      tf.dispose([r, gradient, expected]);
    }
    x.dispose();
  });
});
