/**
 * MaxPoolGrad for the wasm backend. The stock kernel took ~50-75 ms for a [128,26,26,32] input
 * (it rescans every window for every input pixel); routing each dy value to its window's maximum
 * in one pass over the windows takes a few ms. Ties go to the first maximum in row-major window
 * order and NaN windows get no gradient, exactly as the cpu backend's maxPoolPositions does.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { geometryOf, type ConvGeometry } from './im2col';
import { nativeKernels } from './native';
import { allocate, callKernel, heapView, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

/** Pooling windows have the same geometry as a convolution's (inChannels = the pooled channels). */
export type PoolGeometry = ConvGeometry;

/** dx (same shape as x, NHWC) = each dy value added at its pooling window's arg-max in x. */
export function maxPoolBackprop(x: Float32Array, dy: Float32Array, g: PoolGeometry, dx: Float32Array): void {
  const windowsInside = 2 * g.outHeight <= g.inHeight && 2 * g.outWidth <= g.inWidth; // no 'same' padding below or right
  if (g.filterHeight === 2 && g.filterWidth === 2 && g.strideHeight === 2 && g.strideWidth === 2 && g.padTop === 0 && g.padLeft === 0 && windowsInside) {
    const dims = [g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth];
    if (!nativeKernels()?.maxPool2x2Gradient(dims, x, dy, dx)) maxPool2x2Backprop(x, dy, g, dx);
    return;
  }
  // Geometry in locals: V8 does not hoist property loads out of loops that write typed arrays.
  const { batch, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = g;
  const c = g.inChannels;
  dx.fill(0);
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  let dyAt = 0;
  for (let b = 0; b < batch; b++) {
    const imageBase = b * inHeight * inWidth * c;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - padTop;
      const yStart = Math.max(0, y0);
      const yEnd = Math.min(inHeight, y0 + filterHeight);
      for (let ox = 0; ox < outWidth; ox++, dyAt += c) {
        const x0 = ox * strideWidth - padLeft;
        const xStart = Math.max(0, x0);
        const xEnd = Math.min(inWidth, x0 + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let iy = yStart; iy < yEnd; iy++) {
          for (let ix = xStart; ix < xEnd; ix++) {
            const at = imageBase + (iy * inWidth + ix) * c;
            for (let d = 0; d < c; d++) {
              const v = x[at + d];
              if (v > best[d]) {
                best[d] = v;
                bestAt[d] = at + d;
              }
            }
          }
        }
        for (let d = 0; d < c; d++) {
          const at = bestAt[d];
          if (at >= 0) dx[at] += dy[dyAt + d];
        }
      }
    }
  }
}

type MaxPoolGradArgs = WasmKernelArgs<
  { dy: TensorInfo; input: TensorInfo; output: TensorInfo },
  {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  }
>;

/** Wraps the stock kernel, which still handles anything but float32. */
export function maxPoolGradConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as MaxPoolGradArgs;
    if (inputs.input.dtype !== 'float32' || inputs.dy.dtype !== 'float32') {
      return callKernel(tf, backend, stock, inputs, attrs);
    }
    const info = tf.backend_util.computePool2DInfo(
      inputs.input.shape as [number, number, number, number],
      attrs.filterSize,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const dx = allocate(backend, [...inputs.input.shape]);
    maxPoolBackprop(
      heapView(backend, inputs.input),
      heapView(backend, inputs.dy),
      geometryOf(info),
      heapView(backend, dx),
    );
    return dx;
  };
  return { kernelName: tf.MaxPoolGrad, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}

/**
 * The 2x2, stride-2, unpadded case every preset uses, without the per-window scratch arrays: the
 * windows do not overlap, so each dy value goes to one of four known positions. Same rule as the
 * general loop (first maximum in row-major order wins; a window of NaNs gets nothing). Profiled on
 * fast99 it took 9 of ~100 ms per step in the general loop.
 */
export function maxPool2x2Backprop(x: Float32Array, dy: Float32Array, g: PoolGeometry, dx: Float32Array): void {
  const { batch, inHeight, inWidth, outHeight, outWidth } = g;
  const c = g.inChannels;
  const rowStride = inWidth * c;
  dx.fill(0);
  let dyAt = 0;
  for (let b = 0; b < batch; b++) {
    const imageBase = b * inHeight * rowStride;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, dyAt += c) {
        const p0 = imageBase + 2 * oy * rowStride + 2 * ox * c;
        const p1 = p0 + c;
        const p2 = p0 + rowStride;
        const p3 = p2 + c;
        for (let d = 0; d < c; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          const v0 = x[p0 + d];
          if (v0 > best) {
            best = v0;
            at = p0 + d;
          }
          const v1 = x[p1 + d];
          if (v1 > best) {
            best = v1;
            at = p1 + d;
          }
          const v2 = x[p2 + d];
          if (v2 > best) {
            best = v2;
            at = p2 + d;
          }
          if (x[p3 + d] > best) at = p3 + d;
          if (at >= 0) dx[at] = dy[dyAt + d];
        }
      }
    }
  }
}
