/**
 * The convolution kernels compiled for this machine's CPU (native/kernels, an optional package
 * that npm builds with node-gyp at install). They work in place on the wasm backend's heap, so the
 * wasm path keeps its tensors, its other kernels and its results, and only the convolutions run
 * with the CPU's full vector width (AVX2 or AVX-512 with FMA where wasm has 128-bit SIMD without
 * it). Where the package did not build (no C compiler, Windows) the wasm kernels are used.
 */
import { createRequire } from 'node:module';
import type { ConvGeometry } from './im2col';

/** [batch, inH, inW, inC, filterH, filterW, outC, padTop, padBottom, padLeft, padRight] */
export type NativeDims = number[];

export interface NativeKernels {
  /** y = relu?(conv(x, w) + bias), stride 1; false (nothing written) when the arguments do not fit. */
  conv2d(dims: NativeDims, x: Float32Array, w: Float32Array, bias: Float32Array | null, relu: boolean, y: Float32Array): boolean;
  /** dw = the filter gradient of a stride-1 convolution of x, given dy; false when the arguments do not fit. */
  conv2dFilterGradient(dims: NativeDims, x: Float32Array, dy: Float32Array, dw: Float32Array): boolean;
  /** dx for a 2x2, stride-2, unpadded max pool; dims [batch, inH, inW, channels, outH, outW]; false when they do not fit. */
  maxPool2x2Gradient(dims: number[], x: Float32Array, dy: Float32Array, dx: Float32Array): boolean;
  /** out[j] = scale * the double-precision sum of x[i * inner + j] over i, as reduce.ts's loop adds them; false when the sizes do not fit. */
  reduceLeading(x: Float32Array, inner: number, scale: number, out: Float32Array): boolean;
  /** out = x (op) v with v one value per channel (last axis): op 0 +, 1 -, 2 *, 3 v - x; false when the sizes do not fit. */
  broadcastLastAxis(op: number, x: Float32Array, v: Float32Array, out: Float32Array): boolean;
  /** dx = dy * step(y) for a ReLU output y (NaN where y is); false when the sizes differ. Missing from older builds. */
  reluGradient?(y: Float32Array, dy: Float32Array, dx: Float32Array): boolean;
  /**
   * One Adam step of one variable, TensorFlow.js's float32 operations in its order (native-adam.ts):
   * scalars [beta1, 1 - beta1, beta2, 1 - beta2, 1 - accBeta1, 1 - accBeta2, epsilon, -rate, total];
   * m and v updated in place, the new value into `out`; the gradient is grads[0] alone (weights
   * empty) or the shares' weighted mean; false (nothing written) when the arguments do not fit.
   * Missing from builds older than the function.
   */
  adamStep?(scalars: number[], value: Float32Array, m: Float32Array, v: Float32Array, out: Float32Array, grads: Float32Array[], weights: number[]): boolean;
  /**
   * c = op(a) op(b) for each of dims[0] matrices; dims [batch, M, K, N, transposeA, transposeB] (1 or
   * 0), N a multiple of 16; false (nothing written) when they do not fit. Missing from older builds.
   */
  matMul?(dims: number[], a: Float32Array, b: Float32Array, c: Float32Array): boolean;
  /** The vector instructions the build used: 'AVX-512', 'AVX2+FMA', 'NEON', ... */
  instructionSet(): string;
}

/** Set to 'off' to train with the wasm kernels only (to compare, or to rule the native ones out). */
export const NATIVE_KERNELS_ENV = 'MNIST_LAB_NATIVE_KERNELS';
const PACKAGE = 'mnist-lab-native-kernels';
/** The kernels vectorise output channels 16 at a time. */
const CHANNEL_MULTIPLE = 16;

let loaded: { kernels: NativeKernels | null } | null = null;

/** The compiled kernels, loaded once per thread; null where they are missing or switched off. */
export function nativeKernels(): NativeKernels | null {
  if (!loaded) {
    let kernels: NativeKernels | null = null;
    if (process.env[NATIVE_KERNELS_ENV] !== 'off') {
      try {
        kernels = createRequire(import.meta.url)(PACKAGE) as NativeKernels;
      } catch {
        kernels = null;
      }
    }
    loaded = { kernels };
  }
  return loaded.kernels;
}

/** How a run's record names the native kernels in use, e.g. "native conv kernels (AVX-512)"; null when none. */
export function nativeKernelsLabel(): string | null {
  const kernels = nativeKernels();
  return kernels ? `native conv kernels (${kernels.instructionSet()})` : null;
}

/** The native kernels' dimensions for a convolution they can compute (stride 1, whole vectors of output channels), else null. */
export function nativeDims(g: ConvGeometry, outChannels: number): NativeDims | null {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || outChannels % CHANNEL_MULTIPLE !== 0) return null;
  const padBottom = g.outHeight - 1 + g.filterHeight - g.inHeight - g.padTop;
  const padRight = g.outWidth - 1 + g.filterWidth - g.inWidth - g.padLeft;
  if (g.padTop < 0 || g.padLeft < 0 || padBottom < 0 || padRight < 0) return null;
  return [g.batch, g.inHeight, g.inWidth, g.inChannels, g.filterHeight, g.filterWidth, outChannels, g.padTop, padBottom, g.padLeft, padRight];
}
