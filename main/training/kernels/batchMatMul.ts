/**
 * BatchMatMul for the wasm backend. Where the native kernels are built, products whose output has
 * whole vectors of columns (a multiple of 16, as dense layers of 16, 32, 128... units have) run
 * there, transposed operands included (native/matmul.c). Otherwise transposed operands are made
 * explicit: the stock kernel only takes its XNNPACK path when neither operand is transposed, and a
 * dense layer's two gradient products (dy * W^T and x^T * dy) fell to a slow loop (~19 ms each for
 * a 1600x128 layer at batch 128, against ~5 ms for transposing with the backend's Transpose kernel
 * and multiplying plainly).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { nativeKernels } from './native';
import { allocate, callKernel, heapView, release, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type BatchMatMulArgs = WasmKernelArgs<{ a: TensorInfo; b: TensorInfo }, { transposeA: boolean; transposeB: boolean }>;

/** The permutation that swaps a tensor's last two axes. */
export function swapLastTwoAxes(rank: number): number[] {
  if (rank < 2) throw new Error(`A matrix product needs tensors of rank 2 or more, got rank ${rank}.`);
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * [batch, M, K, N, transposeA, transposeB] for the native product, when both operands are float32
 * with the same leading (batch) axes and N is a whole number of vectors; else null.
 */
export function nativeProductDims(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): number[] | null {
  const rank = a.shape.length;
  if (rank < 2 || b.shape.length !== rank || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const lead = a.shape.slice(0, -2);
  if (lead.some((size, i) => size !== b.shape[i])) return null;
  const [aRows, aCols] = a.shape.slice(-2);
  const [bRows, bCols] = b.shape.slice(-2);
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const [kB, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (k !== kB || n % 16 !== 0 || n === 0 || m === 0 || k === 0) return null;
  return [lead.reduce((x, y) => x * y, 1), m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0];
}

/** Wraps `stock` (the backend's own kernel config); untransposed products the native kernels cannot take go straight to it. */
export function batchMatMulConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as BatchMatMulArgs;
    const { a, b } = inputs;
    const matMul = nativeKernels()?.matMul;
    const dims = matMul ? nativeProductDims(a, b, attrs.transposeA, attrs.transposeB) : null;
    if (matMul && dims) {
      const c = allocate(backend, [...a.shape.slice(0, -2), dims[1], dims[3]]);
      // Views only after the allocation: growing the heap replaces its buffer.
      if (matMul(dims, heapView(backend, a), heapView(backend, b), heapView(backend, c))) return c;
      release(backend, c);
    }
    if ((!attrs.transposeA && !attrs.transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return callKernel(tf, backend, stock, inputs, attrs);
    }
    const transpose = (t: TensorInfo): TensorInfo => callKernel(tf, backend, tf.Transpose, { x: t }, { perm: swapLastTwoAxes(t.shape.length) });
    const plainA = attrs.transposeA ? transpose(a) : null;
    const plainB = attrs.transposeB ? transpose(b) : null;
    try {
      return callKernel(tf, backend, stock, { a: plainA ?? a, b: plainB ?? b }, { transposeA: false, transposeB: false });
    } finally {
      if (plainA) release(backend, plainA);
      if (plainB) release(backend, plainB);
    }
  };
  return { kernelName: tf.BatchMatMul, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
