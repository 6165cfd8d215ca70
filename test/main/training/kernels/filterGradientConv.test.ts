import { describe, expect, it } from 'vitest';
import type { ConvGeometry } from '../../../../main/training/kernels/im2col';
import { planFilterGradientConv } from '../../../../main/training/kernels/filterGradientConv';

const geometry = (over: Partial<ConvGeometry>): ConvGeometry => ({
  batch: 64,
  inHeight: 14,
  inWidth: 14,
  inChannels: 16,
  outHeight: 14,
  outWidth: 14,
  filterHeight: 3,
  filterWidth: 3,
  strideHeight: 1,
  strideWidth: 1,
  padTop: 1,
  padLeft: 1,
  ...over,
});

describe('planFilterGradientConv', () => {
  it("pads a 'same' 3x3 layer by one on every side, so the gradient comes out 3x3", () => {
    expect(planFilterGradientConv(geometry({}))).toEqual({ padTop: 1, padBottom: 1, padLeft: 1, padRight: 1 });
  });

  it("needs no padding for a 'valid' layer", () => {
    expect(planFilterGradientConv(geometry({ inHeight: 12, inWidth: 12, outHeight: 8, outWidth: 8, filterHeight: 5, filterWidth: 5, padTop: 0, padLeft: 0 }))).toEqual({
      padTop: 0,
      padBottom: 0,
      padLeft: 0,
      padRight: 0,
    });
  });

  it("puts a 2x2 'same' layer's extra row and column where the forward conv had them (below and right)", () => {
    expect(planFilterGradientConv(geometry({ filterHeight: 2, filterWidth: 2, padTop: 0, padLeft: 0 }))).toEqual({ padTop: 0, padBottom: 1, padLeft: 0, padRight: 1 });
  });

  it('leaves strided and single-channel layers to im2col', () => {
    expect(planFilterGradientConv(geometry({ strideHeight: 2, outHeight: 7 }))).toBeNull();
    expect(planFilterGradientConv(geometry({ inChannels: 1 }))).toBeNull();
  });
});
