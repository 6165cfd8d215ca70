/**
 * Add, Sub and Multiply of a whole activation by a per-channel vector (a bias, batch norm's mean
 * or scale), on the native kernels where they built. The wasm backend's broadcasting loop took
 * about three times as long as one pass over the memory (1.5 ms for fast99's first bias add per
 * share of 64 images). Everything else goes to the stock kernels.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { nativeKernels } from './native';
import { allocate, callKernel, heapView, release, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type Operation = 'Add' | 'Sub' | 'Multiply';

/** The native kernel's operation codes: x (op) v, and 3 for v - x. */
const CODES: Record<Operation, { vectorSecond: number; vectorFirst: number }> = {
  Add: { vectorSecond: 0, vectorFirst: 0 },
  Sub: { vectorSecond: 1, vectorFirst: 3 },
  Multiply: { vectorSecond: 2, vectorFirst: 2 },
};

/** Whether `v` is one value per channel of `x` ([C] or [1, ..., 1, C], no more axes than x) while x holds more. */
export function isChannelVector(v: readonly number[], x: readonly number[]): boolean {
  if (v.length === 0 || x.length === 0 || v.length > x.length) return false;
  const channels = x[x.length - 1];
  const size = x.reduce((a, b) => a * b, 1);
  return v[v.length - 1] === channels && v.slice(0, -1).every((d) => d === 1) && size > channels;
}

type BinaryArgs = WasmKernelArgs<{ a: TensorInfo; b: TensorInfo }, Record<string, never>>;

export function channelBroadcastConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const operation = stock.kernelName as Operation;
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as BinaryArgs;
    const { a, b } = inputs;
    const native = nativeKernels();
    const delegate = (): TensorInfo => callKernel(tf, backend, stock, inputs, attrs);
    if (!native || a.dtype !== 'float32' || b.dtype !== 'float32') return delegate();
    const vectorSecond = isChannelVector(b.shape, a.shape);
    if (!vectorSecond && !isChannelVector(a.shape, b.shape)) return delegate();
    const [x, v] = vectorSecond ? [a, b] : [b, a];
    const code = vectorSecond ? CODES[operation].vectorSecond : CODES[operation].vectorFirst;
    const out = allocate(backend, [...x.shape]);
    if (native.broadcastLastAxis(code, heapView(backend, x), heapView(backend, v), heapView(backend, out))) return out;
    release(backend, out);
    return delegate();
  };
  return { kernelName: operation, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
