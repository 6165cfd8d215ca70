/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (so tf.grad of any conv layer
 * throws there). The native kernels (native.ts) compute it where they can; otherwise stride-1
 * convolutions (every preset's) compute dW as an XNNPACK convolution of x by dy (filterGradientConv.ts). Strided ones use dW = im2col(x)^T * dy: the im2col is written
 * straight into wasm memory and the product runs on the backend's own BatchMatMul kernel (XNNPACK).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { filterGradientByConv, planFilterGradientConv } from './filterGradientConv';
import { nativeDims, nativeKernels } from './native';
import { columnCount, columnRows, geometryOf, im2colTransposed, type ConvGeometry } from './im2col';
import { allocate, callKernel, heapView, release, withShape, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type BackpropFilterArgs = WasmKernelArgs<
  { x: TensorInfo; dy: TensorInfo },
  {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
    dataFormat?: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  }
>;

/** Checks the config is one this kernel computes correctly and turns it into plain geometry. */
export function backpropFilterGeometry(tf: Tf, args: BackpropFilterArgs): ConvGeometry {
  const { x, dy } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports NHWC (channels-last) data only, not ${dataFormat}.`);
  }
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter on wasm supports float32 tensors only (got ${x.dtype} and ${dy.dtype}).`);
  }
  if (x.shape.length !== 4 || dy.shape.length !== 4) {
    throw new Error(`Conv2DBackpropFilter expects rank-4 x and dy, got shapes [${x.shape}] and [${dy.shape}].`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1, // dilations: TensorFlow.js itself refuses conv gradients with dilation > 1
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('Conv2DBackpropFilter on wasm supports dilation 1 only.');
  }
  const expectedDy = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (dy.shape.some((size, i) => size !== expectedDy[i])) {
    throw new Error(`Conv2DBackpropFilter: dy has shape [${dy.shape}] but the convolution produces [${expectedDy}].`);
  }
  return geometryOf(info);
}

/** Largest column matrix built at once: 32M floats (128 MB of wasm heap); bigger batches go in slices. */
export const MAX_COLUMN_FLOATS = 1 << 25;

/** dW for images [first, first + count): one im2col and one matmul, returned as a [rows, outC] tensor. */
function sliceProduct(tf: Tf, args: BackpropFilterArgs, g: ConvGeometry, first: number, count: number): TensorInfo {
  const { backend } = args;
  const slice = { ...g, batch: count };
  const rows = columnRows(slice);
  const n = columnCount(slice);
  const outChannels = args.attrs.filterShape[3];
  const whole = count === g.batch;
  const cols = allocate(backend, [1, rows, n]);
  const dyPart = whole ? null : allocate(backend, [1, n, outChannels]);
  try {
    const imageSize = g.inHeight * g.inWidth * g.inChannels;
    const x = heapView(backend, args.inputs.x).subarray(first * imageSize, (first + count) * imageSize);
    im2colTransposed(x, slice, heapView(backend, cols));
    if (dyPart) {
      const dyPerImage = g.outHeight * g.outWidth * outChannels;
      heapView(backend, dyPart).set(heapView(backend, args.inputs.dy).subarray(first * dyPerImage, (first + count) * dyPerImage));
    }
    const dy = dyPart ?? withShape(args.inputs.dy, [1, n, outChannels]);
    return callKernel(tf, backend, tf.BatchMatMul, { a: cols, b: dy }, { transposeA: false, transposeB: false });
  } finally {
    release(backend, cols);
    if (dyPart) release(backend, dyPart);
  }
}

/**
 * Builds the kernel config; the matmul is the wasm backend's own BatchMatMul (XNNPACK). Batches
 * whose column matrix would exceed `maxColumnFloats` are done in slices of images, summed.
 */
export function conv2dBackpropFilterConfig(tf: Tf, maxColumnFloats = MAX_COLUMN_FLOATS): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const args = rawArgs as BackpropFilterArgs;
    const { backend } = args;
    const g = backpropFilterGeometry(tf, args);
    const filterShape = [...args.attrs.filterShape];
    const native = nativeKernels();
    const dims = native && nativeDims(g, filterShape[3]);
    if (native && dims) {
      const dw = allocate(backend, filterShape);
      if (native.conv2dFilterGradient(dims, heapView(backend, args.inputs.x), heapView(backend, args.inputs.dy), heapView(backend, dw))) return dw;
      release(backend, dw);
    }
    const plan = planFilterGradientConv(g);
    if (plan) return filterGradientByConv(tf, backend, args.inputs.x, args.inputs.dy, plan);
    const perImage = columnRows(g) * g.outHeight * g.outWidth;
    const imagesPerSlice = Math.max(1, Math.min(g.batch, Math.floor(maxColumnFloats / perImage)));
    if (imagesPerSlice === g.batch) return withShape(sliceProduct(tf, args, g, 0, g.batch), filterShape);
    const total = new Float64Array(filterShape.reduce((a, b) => a * b, 1));
    for (let first = 0; first < g.batch; first += imagesPerSlice) {
      const part = sliceProduct(tf, args, g, first, Math.min(imagesPerSlice, g.batch - first));
      const values = heapView(backend, part);
      for (let i = 0; i < total.length; i++) total[i] += values[i];
      release(backend, part);
    }
    const dw = allocate(backend, filterShape);
    heapView(backend, dw).set(total);
    return dw;
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: kernelFunc as tfjs.KernelFunc };
}
