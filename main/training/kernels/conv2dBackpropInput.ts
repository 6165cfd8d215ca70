/**
 * A faster Conv2DBackpropInput for the wasm backend. The stock kernel is a direct loop that took
 * ~180 ms of a ~400 ms training step for the 'std' CNN at batch 128; running the same maths as a
 * stride-1 XNNPACK convolution (see transposedConv.ts) takes ~25 ms. Configs the rewrite cannot
 * express go to the stock kernel, so behaviour never gets narrower.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { geometryOf } from './im2col';
import { dilateNhwc, planTransposedConv, rotateFilterSwapChannels } from './transposedConv';
import { allocate, callKernel, heapView, release, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type BackpropInputArgs = WasmKernelArgs<
  { dy: TensorInfo; filter: TensorInfo },
  {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
    dataFormat?: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  }
>;

/** Wraps `stock` (the backend's own kernel config), keeping its setup so it can still be delegated to. */
export function conv2dBackpropInputConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const args = rawArgs as BackpropInputArgs;
    const { backend, inputs, attrs } = args;
    const delegate = (): TensorInfo => callKernel(tf, backend, stock, inputs, attrs);
    if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC' || inputs.dy.dtype !== 'float32' || inputs.filter.dtype !== 'float32') {
      return delegate();
    }
    const filterShape = inputs.filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const plan = planTransposedConv(geometryOf(info));
    if (!plan) return delegate();

    const strided = info.strideHeight > 1 || info.strideWidth > 1;
    const rotated = allocate(backend, [info.filterHeight, info.filterWidth, info.outChannels, info.inChannels]);
    const spread = strided ? allocate(backend, [info.batchSize, plan.dilatedHeight, plan.dilatedWidth, info.outChannels]) : null;
    try {
      rotateFilterSwapChannels(heapView(backend, inputs.filter), filterShape, heapView(backend, rotated));
      if (spread) {
        const dyShape = inputs.dy.shape as [number, number, number, number];
        dilateNhwc(heapView(backend, inputs.dy), dyShape, info.strideHeight, info.strideWidth, heapView(backend, spread));
      }
      const dx = callKernel(
        tf,
        backend,
        tf.Conv2D,
        { x: spread ?? inputs.dy, filter: rotated },
        {
          strides: 1,
          dilations: 1,
          pad: [[0, 0], [plan.padTop, plan.padBottom], [plan.padLeft, plan.padRight], [0, 0]],
          dataFormat: 'NHWC',
        },
      );
      if (dx.shape.some((size, i) => size !== attrs.inputShape[i])) {
        release(backend, dx);
        throw new Error(`Conv2DBackpropInput produced shape [${dx.shape}] instead of [${attrs.inputShape}].`);
      }
      return dx;
    } finally {
      release(backend, rotated);
      if (spread) release(backend, spread);
    }
  };
  return { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
