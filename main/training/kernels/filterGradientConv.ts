/**
 * A convolution's filter gradient computed as another convolution, so XNNPACK's convolution does it
 * without a column matrix. With x seen as [inC, H, W, batch] (the batch as channels) and dy as a
 * filter [outH, outW, batch, outC],
 *   conv(x', dy')[ci][fy][fx][co] = sum over b, oy, ox of x[b][oy + fy - padTop][ox + fx - padLeft][ci] * dy[b][oy][ox][co],
 * which is dW[fy][fx][ci][co]. Measured on fast99 (64 images per worker), the JavaScript im2col plus
 * matmul took 40 ms of a 100 ms step across the three conv layers, most of it writing the column
 * matrix (7 MB for the 14x14x16 layer) with strided stores; this reads x and dy once each (as
 * transposes) and lets XNNPACK's indirect GEMM gather the taps.
 * Stride 1 only: a strided forward conv would need dy dilated into the filter, so those keep im2col.
 * Single-channel inputs (every first layer) keep im2col too: their column matrix is a plain copy
 * and the convolution, with one output row per filter tap, was 4-8x slower there (2.4 vs 19.8 ms
 * for [64,28,28,1] -> 16 filters), while from 4 channels up it won 1.3-6x (same process, alternating).
 */
import type { ConvGeometry } from './im2col';
import { callKernel, release, type Tf, type TensorInfo } from './wasmHeap';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The padding of the gradient convolution, or null when it cannot express this forward conv. */
export interface FilterGradientPlan {
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/**
 * The padding under which conv(x', dy') is exactly filterHeight x filterWidth: rows = inHeight +
 * padTop + padBottom - outHeight + 1. Null where im2col is used instead: strided convolutions,
 * single-channel inputs and impossible (negative) pads.
 */
export function planFilterGradientConv(g: ConvGeometry): FilterGradientPlan | null {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || g.inChannels === 1) return null;
  const padBottom = g.filterHeight + g.outHeight - 1 - g.inHeight - g.padTop;
  const padRight = g.filterWidth + g.outWidth - 1 - g.inWidth - g.padLeft;
  if (g.padTop < 0 || g.padLeft < 0 || padBottom < 0 || padRight < 0) return null;
  return { padTop: g.padTop, padBottom, padLeft: g.padLeft, padRight };
}

/** dW as a [fh, fw, inC, outC] tensor on the wasm heap, from x [b, h, w, inC] and dy [b, oh, ow, outC]. */
export function filterGradientByConv(tf: Tf, backend: BackendWasm, x: TensorInfo, dy: TensorInfo, plan: FilterGradientPlan): TensorInfo {
  const transpose = (t: TensorInfo, perm: number[]): TensorInfo => callKernel(tf, backend, tf.Transpose, { x: t }, { perm });
  const images = transpose(x, [3, 1, 2, 0]);
  const filter = transpose(dy, [1, 2, 0, 3]);
  let product: TensorInfo | null = null;
  try {
    product = callKernel(
      tf,
      backend,
      tf.Conv2D,
      { x: images, filter },
      {
        strides: 1,
        dilations: 1,
        pad: [[0, 0], [plan.padTop, plan.padBottom], [plan.padLeft, plan.padRight], [0, 0]],
        dataFormat: 'NHWC',
      },
    );
    return transpose(product, [1, 2, 0, 3]);
  } finally {
    release(backend, images);
    // Releasing the filter also frees the XNNPACK operator the wasm backend cached for it.
    release(backend, filter);
    if (product) release(backend, product);
  }
}
