import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnCount, columnRows, im2colTransposed, insideRange, type ConvGeometry } from '../../../../main/training/kernels/im2col';

/** The definition, written the slow obvious way. */
function referenceColumns(x: Float32Array, g: ConvGeometry): Float32Array {
  const n = columnCount(g);
  const cols = new Float32Array(columnRows(g) * n);
  for (let fy = 0; fy < g.filterHeight; fy++)
    for (let fx = 0; fx < g.filterWidth; fx++)
      for (let c = 0; c < g.inChannels; c++)
        for (let b = 0; b < g.batch; b++)
          for (let oy = 0; oy < g.outHeight; oy++)
            for (let ox = 0; ox < g.outWidth; ox++) {
              const iy = oy * g.strideHeight - g.padTop + fy;
              const ix = ox * g.strideWidth - g.padLeft + fx;
              const inside = iy >= 0 && iy < g.inHeight && ix >= 0 && ix < g.inWidth;
              const row = (fy * g.filterWidth + fx) * g.inChannels + c;
              const col = (b * g.outHeight + oy) * g.outWidth + ox;
              cols[row * n + col] = inside ? x[((b * g.inHeight + iy) * g.inWidth + ix) * g.inChannels + c] : 0;
            }
  return cols;
}

/** Any convolution geometry tfjs can produce: output sizes follow from input, filter, stride and padding. */
const geometries = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    inHeight: fc.integer({ min: 1, max: 9 }),
    inWidth: fc.integer({ min: 1, max: 9 }),
    inChannels: fc.integer({ min: 1, max: 4 }),
    filterHeight: fc.integer({ min: 1, max: 5 }),
    filterWidth: fc.integer({ min: 1, max: 5 }),
    strideHeight: fc.integer({ min: 1, max: 3 }),
    strideWidth: fc.integer({ min: 1, max: 3 }),
    padTop: fc.integer({ min: 0, max: 3 }),
    padLeft: fc.integer({ min: 0, max: 3 }),
    padBottom: fc.integer({ min: 0, max: 3 }),
    padRight: fc.integer({ min: 0, max: 3 }),
  })
  .filter((g) => g.inHeight + g.padTop + g.padBottom >= g.filterHeight && g.inWidth + g.padLeft + g.padRight >= g.filterWidth)
  .map(({ padBottom, padRight, ...g }) => ({
    ...g,
    outHeight: Math.floor((g.inHeight + g.padTop + padBottom - g.filterHeight) / g.strideHeight) + 1,
    outWidth: Math.floor((g.inWidth + g.padLeft + padRight - g.filterWidth) / g.strideWidth) + 1,
  }));

describe('im2colTransposed', () => {
  it('matches the definition for any geometry, padding and stride', () => {
    fc.assert(
      fc.property(geometries, fc.integer(), (g, seed) => {
        const x = Float32Array.from({ length: g.batch * g.inHeight * g.inWidth * g.inChannels }, (_, i) => ((i * 7919 + seed) % 1000) / 100 - 5);
        const cols = new Float32Array(columnRows(g) * columnCount(g)).fill(Number.NaN);
        im2colTransposed(x, g, cols);
        expect(cols).toEqual(referenceColumns(x, g));
      }),
      { numRuns: 300 },
    );
  });

  it('lays out a 2x2 image with a 2x2 filter as one column per tap', () => {
    const g: ConvGeometry = { batch: 1, inHeight: 2, inWidth: 2, inChannels: 1, outHeight: 1, outWidth: 1, filterHeight: 2, filterWidth: 2, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0 };
    const cols = new Float32Array(4);
    im2colTransposed(Float32Array.of(1, 2, 3, 4), g, cols);
    expect(Array.from(cols)).toEqual([1, 2, 3, 4]);
  });

  it('refuses buffers of the wrong size with a message naming the sizes', () => {
    const g: ConvGeometry = { batch: 1, inHeight: 3, inWidth: 3, inChannels: 1, outHeight: 1, outWidth: 1, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0 };
    expect(() => im2colTransposed(new Float32Array(8), g, new Float32Array(9))).toThrow(/8 values but the geometry needs 9/);
    expect(() => im2colTransposed(new Float32Array(9), g, new Float32Array(4))).toThrow(/4 values but the geometry needs 9/);
  });
});

describe('insideRange', () => {
  it('is exactly the set of outputs whose input index is inside the image', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: -6, max: 6 }), (outSize, inSize, stride, offset) => {
        const [start, end] = insideRange(outSize, inSize, stride, offset);
        for (let o = 0; o < outSize; o++) {
          const i = o * stride + offset;
          expect(o >= start && o < end).toBe(i >= 0 && i < inSize);
        }
      }),
    );
  });
});
