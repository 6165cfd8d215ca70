/**
 * GatherV2 along the first axis for the wasm backend: how every training step takes its batch's
 * images and labels out of the whole split on the device. The stock kernel computes every output
 * element's source index on its own and took ~1.7 ms to gather 64 images from 54,000 (about a
 * twentieth of a fast99 step); copying each picked row as one block takes a few microseconds.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { callKernel, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type Numeric = Float32Array | Int32Array | Uint8Array;

/** out[i] = x[indices[i]] for rows of `rowSize` values; false (nothing written past the first bad row) when an index is out of range. */
export function gatherRows(x: Numeric, rowSize: number, indices: ArrayLike<number>, out: Numeric): boolean {
  const rows = rowSize === 0 ? 0 : x.length / rowSize;
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    if (!(row >= 0 && row < rows)) return false;
    out.set(x.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
  }
  return true;
}

type GatherArgs = WasmKernelArgs<{ x: TensorInfo; indices: TensorInfo }, { axis: number; batchDims: number }>;

/** Wraps the stock kernel, which keeps other axes, batch dimensions, other dtypes and the error for a bad index. */
export function gatherConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as GatherArgs;
    const { x, indices } = inputs;
    const axis = attrs.axis < 0 ? attrs.axis + x.shape.length : attrs.axis;
    const delegate = (): TensorInfo => callKernel(tf, backend, stock, inputs, attrs);
    if (axis !== 0 || attrs.batchDims !== 0 || indices.dtype !== 'int32' || !['float32', 'int32'].includes(x.dtype) || x.shape.length === 0) {
      return delegate();
    }
    const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    // Views only after the allocation: growing the heap replaces its buffer.
    const picked = backend.typedArrayFromHeap(indices) as Int32Array;
    if (gatherRows(backend.typedArrayFromHeap(x) as Numeric, rowSize, picked, backend.typedArrayFromHeap(out) as Numeric)) return out;
    backend.disposeData(out.dataId);
    return delegate();
  };
  return { kernelName: tf.GatherV2, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
