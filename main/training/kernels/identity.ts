/**
 * Identity for the wasm backend without a copy: the output shares the input's memory, as the cpu
 * backend's Identity and the wasm backend's own Reshape already do (tensors are never written in
 * place). The stock kernel copied the whole tensor, and gradients pass through Identity about
 * sixteen times per fast99 step (1.6 ms of ~32 for a share of 64 images).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { callKernel, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type IdentityArgs = WasmKernelArgs<{ x: TensorInfo }, Record<string, never>>;

export function identityConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as IdentityArgs;
    const { x } = inputs;
    if (x.dtype === 'string') return callKernel(tf, backend, stock, inputs, attrs);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: tf.Identity, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
