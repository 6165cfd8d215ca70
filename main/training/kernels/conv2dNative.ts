/**
 * Conv2D and FusedConv2D (bias, and ReLU or no activation) on the native kernels where they can
 * compute the convolution (native.ts: stride 1, output channels in whole vectors, NHWC float32);
 * everything else goes to the wasm backend's own kernel. Conv2DBackpropInput (a stride-1
 * convolution, see conv2dBackpropInput.ts) calls Conv2D, so it gains too.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { geometryOf } from './im2col';
import { nativeDims, nativeKernels } from './native';
import { allocate, callKernel, heapView, release, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type ConvArgs = WasmKernelArgs<
  { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo },
  {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
    dataFormat?: 'NHWC' | 'NCHW';
    dilations?: [number, number] | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    activation?: string;
  }
>;

const isOne = (value: [number, number] | number | undefined): boolean => value === undefined || (Array.isArray(value) ? value.every((v) => v === 1) : value === 1);

/** Wraps `stock` (the backend's Conv2D or FusedConv2D), which computes what the native kernels cannot. */
export function nativeConv2dConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const args = rawArgs as ConvArgs;
    const { backend, inputs, attrs } = args;
    const delegate = (): TensorInfo => callKernel(tf, backend, stock, inputs, attrs);
    const native = nativeKernels();
    const activation = attrs.activation ?? 'linear';
    const { x, filter, bias } = inputs;
    if (
      !native ||
      (attrs.dataFormat ?? 'NHWC') !== 'NHWC' ||
      !isOne(attrs.dilations) ||
      (activation !== 'linear' && activation !== 'relu') ||
      inputs.preluActivationWeights ||
      x.dtype !== 'float32' ||
      filter.dtype !== 'float32' ||
      x.shape.length !== 4 ||
      filter.shape.length !== 4
    ) {
      return delegate();
    }
    const filterShape = filter.shape as [number, number, number, number];
    const outChannels = filterShape[3];
    if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== outChannels)) return delegate();
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
    const dims = nativeDims(geometryOf(info), outChannels);
    if (!dims) return delegate();
    const y = allocate(backend, [info.batchSize, info.outHeight, info.outWidth, outChannels]);
    // Views only after the allocation: growing the heap replaces its buffer.
    const done = native.conv2d(dims, heapView(backend, x), heapView(backend, filter), bias ? heapView(backend, bias) : null, activation === 'relu', heapView(backend, y));
    if (done) return y;
    release(backend, y);
    return delegate();
  };
  return { kernelName: stock.kernelName, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
