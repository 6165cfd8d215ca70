/**
 * Cast for the wasm backend: to its own dtype it shares the input's memory (as Identity does)
 * instead of copying it. ReLU's gradient casts step(x), already float32, to float32 on every
 * layer of every step (1.2 ms of a fast99 share's ~32). Real conversions go to the stock kernel.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { callKernel, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type CastArgs = WasmKernelArgs<{ x: TensorInfo }, { dtype: tfjs.DataType }>;

export function castConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as CastArgs;
    const { x } = inputs;
    if (x.dtype !== attrs.dtype || x.dtype === 'string' || x.dtype === 'complex64') return callKernel(tf, backend, stock, inputs, attrs);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: tf.Cast, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
