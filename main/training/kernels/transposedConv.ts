/**
 * The input gradient of a convolution, rewritten as an ordinary convolution: dx is dy (with
 * stride-1 zeros inserted between its pixels when the forward stride was larger) convolved, with
 * padding, by the filter rotated 180 degrees and with its in/out channels swapped. That lets the
 * wasm backend's XNNPACK Conv2D do the work instead of its slow direct-loop backprop kernel.
 * Plain typed-array code, testable without TensorFlow.js.
 */
import type { ConvGeometry } from './im2col';

/** How to compute dx with a stride-1 convolution; every count is >= 0. */
export interface TransposedConvPlan {
  /** Size of dy after inserting (stride - 1) zeros between neighbours. */
  dilatedHeight: number;
  dilatedWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/** What the rewrite needs of the forward convolution (padTop/padLeft: the zero padding it added above / left of x). */
export type ForwardConvFacts = Omit<ConvGeometry, 'batch' | 'inChannels'>;

/**
 * The padding that makes the stride-1 convolution's output exactly inHeight x inWidth, or null
 * when the forward padding was so large that the rewrite would need negative padding (then the
 * caller falls back to the backend's own kernel).
 */
export function planTransposedConv(f: ForwardConvFacts): TransposedConvPlan | null {
  const dilatedHeight = (f.outHeight - 1) * f.strideHeight + 1;
  const dilatedWidth = (f.outWidth - 1) * f.strideWidth + 1;
  const padTop = f.filterHeight - 1 - f.padTop;
  const padLeft = f.filterWidth - 1 - f.padLeft;
  // Output rows = dilated + top + bottom - filter + 1 must equal inHeight.
  const padBottom = f.inHeight + f.filterHeight - 1 - dilatedHeight - padTop;
  const padRight = f.inWidth + f.filterWidth - 1 - dilatedWidth - padLeft;
  if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) return null;
  return { dilatedHeight, dilatedWidth, padTop, padBottom, padLeft, padRight };
}

/**
 * Rotates a [fh, fw, inC, outC] filter by 180 degrees and swaps its channel axes:
 * out[fh-1-y][fw-1-x][o][c] = w[y][x][c][o], giving a [fh, fw, outC, inC] filter.
 */
export function rotateFilterSwapChannels(w: Float32Array, shape: readonly [number, number, number, number], out: Float32Array): void {
  const [fh, fw, inC, outC] = shape;
  if (w.length !== fh * fw * inC * outC || out.length !== w.length) {
    throw new Error(`rotateFilterSwapChannels: expected ${fh * fw * inC * outC} values in and out, got ${w.length} and ${out.length}.`);
  }
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++) {
      const src = (y * fw + x) * inC * outC;
      const dst = ((fh - 1 - y) * fw + (fw - 1 - x)) * outC * inC;
      for (let c = 0; c < inC; c++) {
        for (let o = 0; o < outC; o++) out[dst + o * inC + c] = w[src + c * outC + o];
      }
    }
  }
}

/**
 * Spreads an NHWC tensor's pixels `stride` apart, zeros between them:
 * out[b][y*sh][x*sw][c] = dy[b][y][x][c], everything else 0.
 */
export function dilateNhwc(
  dy: Float32Array,
  shape: readonly [number, number, number, number],
  strideHeight: number,
  strideWidth: number,
  out: Float32Array,
): void {
  const [batch, height, width, channels] = shape;
  const outHeight = (height - 1) * strideHeight + 1;
  const outWidth = (width - 1) * strideWidth + 1;
  if (dy.length !== batch * height * width * channels || out.length !== batch * outHeight * outWidth * channels) {
    throw new Error('dilateNhwc: buffer sizes do not match the shape and strides.');
  }
  out.fill(0);
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = ((b * height + y) * width + x) * channels;
        const dst = ((b * outHeight + y * strideHeight) * outWidth + x * strideWidth) * channels;
        for (let c = 0; c < channels; c++) out[dst + c] = dy[src + c];
      }
    }
  }
}
