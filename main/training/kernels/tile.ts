/**
 * Tile for the wasm backend. Batch norm's gradient tiles a per-channel vector up to the full
 * activation shape, and the stock kernel's element-by-element index arithmetic made Tile the
 * largest item of a 'fast99' training step (~160 ms at batch 128). Tiling is block copying: write
 * each innermost run once, then replicate ever larger blocks with copyWithin (a memmove).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { callKernel, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

type Numeric = Float32Array | Int32Array | Uint8Array;

/** Copies out[start + filled...] from its own first `filled` values, doubling, until `total`. */
function replicate(out: Numeric, start: number, filled: number, total: number): void {
  while (filled < total) {
    const n = Math.min(filled, total - filled);
    out.copyWithin(start + filled, start, start + n);
    filled += n;
  }
}

/** out (shape[i] * reps[i] per axis, row-major) = x repeated reps[i] times along each axis i. */
export function tileInto(x: Numeric, shape: readonly number[], reps: readonly number[], out: Numeric): void {
  const rank = shape.length;
  if (reps.length !== rank) throw new Error(`Tile needs one repetition count per axis: shape [${shape}], reps [${reps}].`);
  const inStrides = new Array<number>(rank).fill(1);
  const outBlock = new Array<number>(rank + 1).fill(1); // outBlock[d] = size of one index step on axis d-1's output
  for (let d = rank - 2; d >= 0; d--) inStrides[d] = inStrides[d + 1] * shape[d + 1];
  for (let d = rank - 1; d >= 0; d--) outBlock[d] = outBlock[d + 1] * shape[d] * reps[d];
  if (x.length !== shape.reduce((a, b) => a * b, 1) || out.length !== outBlock[0]) throw new Error('Tile: buffer sizes do not match the shape and reps.');
  const fill = (d: number, inAt: number, outAt: number): void => {
    const once = shape[d] * outBlock[d + 1]; // all indices of axis d, before repetition
    if (d === rank - 1) {
      for (let i = 0; i < shape[d]; i++) out[outAt + i] = x[inAt + i];
    } else {
      for (let i = 0; i < shape[d]; i++) fill(d + 1, inAt + i * inStrides[d], outAt + i * outBlock[d + 1]);
    }
    replicate(out, outAt, once, once * reps[d]);
  };
  if (rank === 0) {
    out[0] = x[0];
  } else if (out.length > 0) {
    fill(0, 0, 0);
  }
}

type TileArgs = WasmKernelArgs<{ x: TensorInfo }, { reps: number[] }>;

/** Wraps the stock kernel, which keeps string tensors. */
export function tileConfig(tf: Tf, stock: tfjs.KernelConfig): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as TileArgs;
    const { x } = inputs;
    if (x.dtype === 'string' || x.dtype === 'complex64') return callKernel(tf, backend, stock, inputs, attrs);
    const out = backend.makeOutput(x.shape.map((size, i) => size * attrs.reps[i]), x.dtype);
    tileInto(backend.typedArrayFromHeap(x) as Numeric, x.shape, attrs.reps, backend.typedArrayFromHeap(out) as Numeric);
    return out;
  };
  return { kernelName: tf.Tile, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as tfjs.KernelFunc };
}
