// The served page's frames: what structured clone keeps must survive, and bad bytes must be refused.
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, WireFormatError } from '../../../common/ipc/wire';

describe('wire frames', () => {
  it('carries nested values, typed arrays of every kind and non-finite numbers exactly', () => {
    const value = {
      name: 'ünïcödé ✓ 🚀',
      nothing: null,
      list: [1, -0.5, 'x', true, NaN, Infinity, -Infinity],
      series: { step: Float64Array.from([0, 1, 2]), value: Float64Array.from([NaN, Infinity, 0.25]) },
      bytes: new Uint8Array([0, 127, 255]),
      others: [new Float32Array([1.5]), new Int32Array([-7]), new Uint32Array([7]), new Int16Array([-2]), new Uint16Array([2]), new Int8Array([-1]), new Uint8ClampedArray([9])],
      empty: new Float64Array(0),
    };
    const back = decodeFrame(encodeFrame(value)) as typeof value;
    expect(back.name).toBe(value.name);
    expect(back.list).toEqual(value.list);
    expect(back.series.value).toBeInstanceOf(Float64Array);
    expect(Array.from(back.series.value)).toEqual([NaN, Infinity, 0.25]);
    expect(back.bytes).toEqual(value.bytes);
    back.others.forEach((typed, i) => {
      expect(typed.constructor).toBe(value.others[i].constructor);
      expect(Array.from(typed)).toEqual(Array.from(value.others[i]));
    });
    expect(back.empty).toBeInstanceOf(Float64Array);
    expect(back.empty.length).toBe(0);
  });

  it('encodes only the viewed part of a typed array that is a window on a larger buffer', () => {
    const whole = Float64Array.from([1, 2, 3, 4, 5]);
    const back = decodeFrame(encodeFrame({ part: whole.subarray(1, 3) })) as { part: Float64Array };
    expect(Array.from(back.part)).toEqual([2, 3]);
  });

  it('reads a frame that arrives at an unaligned offset (a slice of a pooled Node buffer)', () => {
    const frame = encodeFrame({ v: Float64Array.from([Math.PI, Math.E]) });
    const pool = new Uint8Array(frame.byteLength + 3);
    pool.set(frame, 3);
    const back = decodeFrame(pool.subarray(3)) as { v: Float64Array };
    expect(Array.from(back.v)).toEqual([Math.PI, Math.E]);
  });

  it('keeps big series as raw bytes rather than decimal text', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i) / 3);
    expect(encodeFrame({ values }).byteLength).toBeLessThan(values.byteLength + 200);
  });

  it('refuses bytes that are not a frame', () => {
    const good = encodeFrame({ v: new Uint8Array(16) });
    const bad: Uint8Array[] = [
      new Uint8Array([1, 2]),
      Uint8Array.from([255, 255, 255, 255, 123]),
      (() => { const f = encodeFrame('x'); f[4] = 0xff; return f; })(),
      (() => { const f = new Uint8Array(16); new DataView(f.buffer).setUint32(0, 3, true); f.set(new TextEncoder().encode('{{{'), 4); return f; })(),
      good.subarray(0, good.byteLength - 8),
      encodeFrame({ $wire: 'f64', at: 3, n: 1 }),
      encodeFrame({ $wire: 'num', v: 'huge' }),
    ];
    for (const bytes of bad) expect(() => decodeFrame(bytes)).toThrow(WireFormatError);
  });
});
