import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../../main/training/backends';

describe('Identity and Cast on wasm', () => {
  it('shares the input instead of copying it: each tensor keeps the values alone, and the memory goes with the last', async () => {
    const { tf } = await loadTf('wasm');
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const buffers = backend.dataIdMap.numDataIds();
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    expect(backend.dataIdMap.numDataIds()).toBe(buffers + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    const copy = tf.clone(y);
    const z = copy.reshape([4]);
    copy.dispose();
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3, 4]);
    z.dispose();
    expect(backend.dataIdMap.numDataIds()).toBe(buffers);
  });

  it('casts to the same dtype by sharing, and still converts between dtypes', async () => {
    const { tf } = await loadTf('wasm');
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const buffers = backend.dataIdMap.numDataIds();
    const x = tf.tensor1d([1.75, -2.5, 3]);
    const same = tf.cast(x, 'float32');
    expect(backend.dataIdMap.numDataIds()).toBe(buffers + 1);
    const whole = tf.cast(x, 'int32');
    expect(whole.dtype).toBe('int32');
    expect(Array.from(whole.dataSync())).toEqual([1, -2, 3]);
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.75, -2.5, 3]);
    tf.dispose([same, whole]);
    expect(backend.dataIdMap.numDataIds()).toBe(buffers);
  });
});
