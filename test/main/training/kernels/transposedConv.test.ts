import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dilateNhwc, planTransposedConv, rotateFilterSwapChannels } from '../../../../main/training/kernels/transposedConv';

describe('rotateFilterSwapChannels', () => {
  it('rotates by 180 degrees and swaps the channel axes', () => {
    const [fh, fw, inC, outC] = [2, 3, 2, 4];
    const w = Float32Array.from({ length: fh * fw * inC * outC }, (_, i) => i);
    const out = new Float32Array(w.length);
    rotateFilterSwapChannels(w, [fh, fw, inC, outC], out);
    for (let y = 0; y < fh; y++)
      for (let x = 0; x < fw; x++)
        for (let c = 0; c < inC; c++)
          for (let o = 0; o < outC; o++) {
            const rotated = out[(((fh - 1 - y) * fw + (fw - 1 - x)) * outC + o) * inC + c];
            expect(rotated).toBe(w[((y * fw + x) * inC + c) * outC + o]);
          }
  });

  it('refuses a buffer that does not match the shape', () => {
    expect(() => rotateFilterSwapChannels(new Float32Array(5), [1, 1, 2, 3], new Float32Array(5))).toThrow(/expected 6 values/);
  });
});

describe('dilateNhwc', () => {
  it('spreads pixels stride apart with zeros between', () => {
    const dy = Float32Array.of(1, 2, 3, 4); // [1, 2, 2, 1]
    const out = new Float32Array(1 * 3 * 5 * 1).fill(9);
    dilateNhwc(dy, [1, 2, 2, 1], 2, 4, out);
    expect(Array.from(out)).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 4]);
  });

  it('keeps channels together', () => {
    const out = new Float32Array(1 * 1 * 3 * 2);
    dilateNhwc(Float32Array.of(1, 2, 3, 4), [1, 1, 2, 2], 1, 2, out);
    expect(Array.from(out)).toEqual([1, 2, 0, 0, 3, 4]);
  });
});

describe('planTransposedConv', () => {
  it('pads so the stride-1 convolution gives back exactly the input size, for any forward convolution', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        (inSize, filter, stride, padBefore, padAfter) => {
          fc.pre(inSize + padBefore + padAfter >= filter);
          const outSize = Math.floor((inSize + padBefore + padAfter - filter) / stride) + 1;
          const plan = planTransposedConv({ inHeight: inSize, inWidth: inSize, outHeight: outSize, outWidth: outSize, filterHeight: filter, filterWidth: filter, strideHeight: stride, strideWidth: stride, padTop: padBefore, padLeft: padBefore });
          if (padBefore > filter - 1) {
            expect(plan).toBeNull();
            return;
          }
          if (plan === null) return; // trailing padding larger than the rewrite can express: the stock kernel takes it
          expect(plan.dilatedHeight).toBe((outSize - 1) * stride + 1);
          expect(plan.dilatedHeight + plan.padTop + plan.padBottom - filter + 1).toBe(inSize);
          expect(Math.min(plan.padTop, plan.padBottom, plan.padLeft, plan.padRight)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("handles 'same' padding with an even filter (one more row of padding below than above)", () => {
    // 28 in, 2x2 filter, stride 1, 'same': tfjs pads 0 above and 1 below.
    const plan = planTransposedConv({ inHeight: 28, inWidth: 28, outHeight: 28, outWidth: 28, filterHeight: 2, filterWidth: 2, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0 });
    expect(plan).toEqual({ dilatedHeight: 28, dilatedWidth: 28, padTop: 1, padBottom: 0, padLeft: 1, padRight: 0 });
  });
});
