/**
 * im2col for NHWC images: lays every receptive field of a 2-D convolution out as one column, so a
 * convolution's filter gradient becomes a single large matrix product that the backend's fast
 * matmul can do. Plain typed-array code with no TensorFlow.js dependency, so it can be tested alone.
 */

/** The shape facts of one 2-D convolution (NHWC, dilation 1). */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  /** Zero rows added above the image (negative never happens for 'same'/'valid'). */
  padTop: number;
  /** Zero columns added left of the image. */
  padLeft: number;
}

/** The fields of TensorFlow.js's Conv2DInfo (convolutions and pooling alike) that the kernels use. */
export interface WindowInfo {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padInfo: { top: number; left: number };
}

/** Plain geometry from TensorFlow.js's conv or pool info, for the typed-array loops. */
export function geometryOf(info: WindowInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Rows of the column matrix: one per filter tap and input channel (filterH * filterW * inC). */
export const columnRows = (g: ConvGeometry): number => g.filterHeight * g.filterWidth * g.inChannels;

/** Columns of the column matrix: one per output position of every image (batch * outH * outW). */
export const columnCount = (g: ConvGeometry): number => g.batch * g.outHeight * g.outWidth;

/**
 * Writes the transposed column matrix `cols[r][n]` (row-major, rows = filter taps in the filter's
 * own [fh][fw][inC] order, columns = output positions in NHWC order). Reading it as
 * [columnRows, columnCount] and multiplying by dy as [columnCount, outC] gives dW as
 * [fh, fw, inC, outC] directly, with no transposes: the layout the wasm matmul is fastest at.
 * Positions that fall into the zero padding are written as 0.
 */
export function im2colTransposed(x: Float32Array, g: ConvGeometry, cols: Float32Array): void {
  const n = columnCount(g);
  if (x.length !== g.batch * g.inHeight * g.inWidth * g.inChannels) {
    throw new Error(`im2col: input has ${x.length} values but the geometry needs ${g.batch * g.inHeight * g.inWidth * g.inChannels}.`);
  }
  if (cols.length !== columnRows(g) * n) {
    throw new Error(`im2col: output has ${cols.length} values but the geometry needs ${columnRows(g) * n}.`);
  }
  // Geometry in locals: V8 does not hoist property loads out of loops that write typed arrays.
  const { batch, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = g;
  const channels = g.inChannels;
  const rowStride = inWidth * channels;
  const imageStride = inHeight * rowStride;
  const srcStep = strideWidth * channels;
  // Tap-major, then output position, then channel: reads of x are contiguous over channels and
  // each of the `channels` rows is written sequentially (2-3x faster than row-at-a-time here).
  for (let fy = 0; fy < filterHeight; fy++) {
    for (let fx = 0; fx < filterWidth; fx++) {
      const tapBase = (fy * filterWidth + fx) * channels * n;
      // Output columns whose input column lies inside the image, so the inner loops need no checks.
      const [oxStart, oxEnd] = insideRange(outWidth, inWidth, strideWidth, fx - padLeft);
      const firstX = (oxStart * strideWidth + fx - padLeft) * channels;
      for (let b = 0, col = 0; b < batch; b++) {
        for (let oy = 0; oy < outHeight; oy++, col += outWidth) {
          const iy = oy * strideHeight - padTop + fy;
          const inside = iy >= 0 && iy < inHeight;
          if (!inside || oxStart > 0 || oxEnd < outWidth) {
            for (let c = 0, rowStart = tapBase + col; c < channels; c++, rowStart += n) {
              if (!inside) {
                cols.fill(0, rowStart, rowStart + outWidth);
                continue;
              }
              cols.fill(0, rowStart, rowStart + oxStart);
              cols.fill(0, rowStart + oxEnd, rowStart + outWidth);
            }
            if (!inside) continue;
          }
          const lineStart = b * imageStride + iy * rowStride + firstX;
          if (channels === 1) {
            for (let ox = oxStart, out = tapBase + col + oxStart, src = lineStart; ox < oxEnd; ox++, src += srcStep) cols[out++] = x[src];
            continue;
          }
          for (let ox = oxStart, src = lineStart; ox < oxEnd; ox++, src += srcStep) {
            for (let c = 0, out = tapBase + col + ox; c < channels; c++, out += n) cols[out] = x[src + c];
          }
        }
      }
    }
  }
}

/**
 * The half-open range of output indices o in [0, outSize) whose input index o * stride + offset
 * falls inside [0, inSize).
 */
export function insideRange(outSize: number, inSize: number, stride: number, offset: number): [number, number] {
  const start = Math.min(outSize, Math.max(0, Math.ceil(-offset / stride)));
  const end = Math.max(start, Math.min(outSize, Math.floor((inSize - 1 - offset) / stride) + 1));
  return [start, end];
}
