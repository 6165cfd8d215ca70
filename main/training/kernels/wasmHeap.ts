/**
 * The few wasm-backend internals the training kernels use: allocating outputs on the wasm heap,
 * viewing tensors there as Float32Arrays, and calling the backend's own kernels (Conv2D,
 * BatchMatMul, Transpose) without going through the engine, so intermediates never reach the
 * gradient tape.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tfjs;
export type TensorInfo = tfjs.TensorInfo;

/** The arguments every kernel function receives; inputs and attrs are narrowed by each kernel. */
export interface WasmKernelArgs<Inputs, Attrs> {
  inputs: Inputs;
  backend: BackendWasm;
  attrs: Attrs;
}

/** A fresh float32 tensor on the wasm heap (contents undefined until written). */
export function allocate(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/**
 * A Float32Array over a tensor's bytes on the wasm heap. Allocating can grow (and so replace) the
 * heap's buffer, which detaches older views: take views only after the last allocation.
 */
export function heapView(backend: BackendWasm, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`Expected a float32 tensor, got ${info.dtype}.`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** The same data seen with another shape (no copy; the caller keeps ownership). */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, dtype: info.dtype, shape };
}

/** Frees a tensor this module allocated and did not hand to the engine. */
export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** Runs a kernel of the wasm backend directly (or a given config, e.g. the original of one we replace). */
export function callKernel(
  tf: Tf,
  backend: BackendWasm,
  kernel: string | tfjs.KernelConfig,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
): TensorInfo {
  const config = typeof kernel === 'string' ? tf.getKernel(kernel, 'wasm') : kernel;
  if (!config) throw new Error(`The wasm backend has no ${String(kernel)} kernel.`);
  const result = config.kernelFunc({ inputs, backend, attrs: attrs as tfjs.NamedAttrMap });
  if (Array.isArray(result)) throw new Error(`Kernel ${config.kernelName} returned several outputs; expected one.`);
  return result;
}
