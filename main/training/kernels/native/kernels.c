/*
 * Convolution kernels for MNIST Lab's wasm training path, compiled for this machine's CPU.
 *
 * The wasm backend runs XNNPACK with 128-bit SIMD and no fused multiply-add; on a CPU with AVX2
 * or AVX-512 that leaves most of each core unused (measured: ~23 GFLOP/s for the default preset's
 * convolutions in wasm, ~40 here). These kernels work in place on the wasm heap: TensorFlow.js
 * passes Float32Array views of its tensors, so no data is copied in or out.
 *
 * Layouts are TensorFlow's: x [N, H, W, CI], filters [KH, KW, CI, CO], y [N, OH, OW, CO].
 * Besides the convolutions: the 2x2 max pool's gradient, sums over leading axes and per-channel
 * arithmetic, memory-bound work that cost as much as the convolutions in JavaScript or wasm loops.
 * Stride 1 and dilation 1 only, CO a multiple of 16; the caller checks and otherwise uses the
 * wasm kernels. The vectors are GCC/Clang vector extensions of 16 floats, which the compiler maps
 * to one AVX-512 register, two AVX2 registers or four NEON registers.
 */
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include "napi-args.h"
#include "vec16.h"

/*
 * At most this many output-channel vectors are accumulated at once. With AVX-512, two (32
 * channels) and two passes over a 64-channel layer: the 4-vector blocks' fewer pixels or input
 * channels per block fed the FMA units worse (fast99's third conv, 7x7 32->64: forward 1.5 ms
 * against 1.1 ms in two passes, filter gradient 2.0 against 1.3 ms, for 64 images).
 */
#if defined(__AVX512F__)
#define MAX_J 2
#else
#define MAX_J 4
#endif

typedef int v16i __attribute__((vector_size(64)));
/* max(v, 0) lane by lane, keeping NaN as TensorFlow's Relu does (a diverging run must still show NaN). */
static inline v16 relu(v16 v) {
  v16i keep = (v > 0) | (v != v);
  return (v16)((v16i)v & keep);
}

typedef struct {
  int n, h, w, ci;          /* input */
  int kh, kw, co;           /* filter */
  int top, bottom, left, right;
  int oh, ow;               /* output: h + top + bottom - kh + 1, likewise for w */
} Geometry;

/*
 * x with its zero padding made explicit, so the inner loops need no bounds checks: a copy in
 * *owned (for the caller to free), or x itself when there is no padding (*owned NULL).
 */
static const float *padded(const float *x, const Geometry *g, int *hp, int *wp, float **owned) {
  *hp = g->h + g->top + g->bottom;
  *wp = g->w + g->left + g->right;
  *owned = NULL;
  if (g->top == 0 && g->bottom == 0 && g->left == 0 && g->right == 0) return x;
  size_t row = (size_t)g->w * g->ci;
  float *xp = calloc((size_t)g->n * *hp * *wp * g->ci, sizeof(float));
  if (!xp) return NULL;
  for (int b = 0; b < g->n; b++)
    for (int y = 0; y < g->h; y++)
      memcpy(xp + (((size_t)b * *hp + y + g->top) * *wp + g->left) * g->ci, x + ((size_t)b * g->h + y) * row, row * sizeof(float));
  *owned = xp;
  return xp;
}

/*
 * y[b, oy, ox, c0 + 16j + l] = bias + sum over ky, kx, ci of xp[b, oy+ky, ox+kx, ci] * w[ky, kx, ci, c0 + 16j + l]
 * for PX output pixels at a time: the filter vectors are loaded once per input channel and used
 * PX times, the pixel values broadcast and used J times. Taps on rows of padding are skipped (they
 * add only zeros): an input gradient, computed as a convolution of dy padded by the filter's size
 * less one, spends up to a third of its products there otherwise.
 */
#define FORWARD_BLOCK(NAME, J, PX)                                                                          \
  static void NAME(const float *xp, int hp, int wp, const float *w, const float *bias, int apply_relu, float *y, \
                   const Geometry *g, int c0) {                                                             \
    (void)hp;                                                                                               \
    for (int b = 0; b < g->n; b++)                                                                          \
      for (int oy = 0; oy < g->oh; oy++) {                                                                  \
        /* The taps whose input row is x's, not padding's. */                                               \
        int ky0 = g->top - oy > 0 ? g->top - oy : 0;                                                        \
        int ky1 = g->top + g->h - oy < g->kh ? g->top + g->h - oy : g->kh;                                  \
        for (int start = 0; start < g->ow; start += PX) {                                                   \
          /* A row's last block overlaps the one before rather than running short (same values rewritten). */ \
          int ox = start + PX <= g->ow || g->ow < PX ? start : g->ow - PX;                                   \
          int np = g->ow - ox < PX ? g->ow - ox : PX;                                                        \
          /* Rows narrower than a block repeat their last pixel (computed, never stored). */                \
          size_t at[PX];                                                                                    \
          for (int p = 0; p < PX; p++) at[p] = (size_t)(p < np ? p : np - 1) * g->ci;                       \
          v16 acc[PX][J];                                                                                   \
          for (int j = 0; j < J; j++) {                                                                     \
            v16 start = bias ? load(bias + c0 + j * LANES) : splat(0);                                      \
            for (int p = 0; p < PX; p++) acc[p][j] = start;                                                 \
          }                                                                                                 \
          for (int ky = ky0; ky < ky1; ky++)                                                                \
            for (int kx = 0; kx < g->kw; kx++) {                                                            \
              const float *xr = xp + (((size_t)b * hp + oy + ky) * wp + ox + kx) * g->ci;                   \
              const float *wr = w + ((size_t)ky * g->kw + kx) * g->ci * g->co + c0;                          \
              for (int ci = 0; ci < g->ci; ci++) {                                                          \
                v16 wv[J];                                                                                  \
                for (int j = 0; j < J; j++) wv[j] = load(wr + (size_t)ci * g->co + j * LANES);              \
                for (int p = 0; p < PX; p++) {                                                              \
                  v16 xv = splat(xr[at[p] + ci]);                                                           \
                  for (int j = 0; j < J; j++) acc[p][j] += xv * wv[j];                                      \
                }                                                                                           \
              }                                                                                             \
            }                                                                                               \
          for (int p = 0; p < np; p++)                                                                      \
            for (int j = 0; j < J; j++) {                                                                   \
              v16 v = acc[p][j];                                                                            \
              if (apply_relu) v = relu(v);                                                                  \
              store(y + (((size_t)b * g->oh + oy) * g->ow + ox + p) * g->co + c0 + j * LANES, v);           \
            }                                                                                               \
        }                                                                                                   \
      }                                                                                                     \
  }

typedef void (*ForwardFn)(const float *, int, int, const float *, const float *, int, float *, const Geometry *, int);
typedef struct {
  int j, px;
  ForwardFn fn;
} ForwardBlock;

/*
 * Blocks sized to the vector registers. AVX-512 has 32: up to 26 accumulators, and a choice of
 * widths so that a row splits into whole blocks (28 = 4 x 7, 26 = 2 x 13, 11 and 13 whole): the
 * overlapping last block of a row that does not split computed up to a quarter of the pixels
 * twice (std's second conv, 11 wide, in blocks of 7: 14 pixels for 11). With 16 registers (AVX2,
 * where each vector of 16 floats takes two) the smaller blocks avoid spilling.
 */
#if defined(__AVX512F__)
FORWARD_BLOCK(forward1x7, 1, 7)
FORWARD_BLOCK(forward1x11, 1, 11)
FORWARD_BLOCK(forward1x12, 1, 12)
FORWARD_BLOCK(forward1x13, 1, 13)
FORWARD_BLOCK(forward2x5, 2, 5)
FORWARD_BLOCK(forward2x6, 2, 6)
FORWARD_BLOCK(forward2x7, 2, 7)
FORWARD_BLOCK(forward2x8, 2, 8)
FORWARD_BLOCK(forward2x11, 2, 11)
FORWARD_BLOCK(forward2x12, 2, 12)
FORWARD_BLOCK(forward2x13, 2, 13)
static const ForwardBlock FORWARD[] = {
  {1, 7, forward1x7}, {1, 11, forward1x11}, {1, 12, forward1x12}, {1, 13, forward1x13},
  {2, 5, forward2x5}, {2, 6, forward2x6}, {2, 7, forward2x7}, {2, 8, forward2x8},
  {2, 11, forward2x11}, {2, 12, forward2x12}, {2, 13, forward2x13},
};
#else
FORWARD_BLOCK(forward1x8, 1, 8)
FORWARD_BLOCK(forward2x4, 2, 4)
FORWARD_BLOCK(forward3x4, 3, 4)
FORWARD_BLOCK(forward4x4, 4, 4)
static const ForwardBlock FORWARD[] = {{1, 8, forward1x8}, {2, 4, forward2x4}, {3, 4, forward3x4}, {4, 4, forward4x4}};
#endif

/* The block of J vectors that computes the fewest pixels for rows `width` wide; the wider on a tie. */
static ForwardFn forward_block(int j, int width) {
  ForwardFn best = NULL;
  int best_pixels = 0, best_px = 0;
  for (size_t i = 0; i < sizeof FORWARD / sizeof FORWARD[0]; i++) {
    if (FORWARD[i].j != j) continue;
    int px = FORWARD[i].px;
    int pixels = width < px ? px : (width + px - 1) / px * px;
    if (!best || pixels < best_pixels || (pixels == best_pixels && px > best_px)) {
      best = FORWARD[i].fn;
      best_pixels = pixels;
      best_px = px;
    }
  }
  return best;
}

/*
 * dw[ky, kx, ci, c0 + 16j + l] += sum over b, oy, ox of xp[b, oy+ky, ox+kx, ci] * dy[b, oy, ox, c0 + 16j + l],
 * one image at a time (its x and dy stay in cache) and CB input channels at a time, whose
 * J * CB accumulators stay in registers across the image's pixels.
 */
#define FILTER_BLOCK(NAME, J, CB)                                                                           \
  static void NAME(const float *xp, int hp, int wp, const float *dy, float *dw, const Geometry *g, int c0) {   \
    for (int b = 0; b < g->n; b++)                                                                          \
      for (int ky = 0; ky < g->kh; ky++)                                                                    \
        for (int kx = 0; kx < g->kw; kx++)                                                                  \
          for (int cs = 0; cs < g->ci; cs += CB) {                                                          \
            int nc = g->ci - cs < CB ? g->ci - cs : CB;                                                     \
            float *out = dw + (((size_t)ky * g->kw + kx) * g->ci + cs) * g->co + c0;                         \
            /* A last block short of channels repeats its last one (accumulated, never stored). */          \
            int ch[CB];                                                                                     \
            for (int c = 0; c < CB; c++) ch[c] = c < nc ? c : nc - 1;                                       \
            v16 acc[CB][J];                                                                                 \
            for (int c = 0; c < CB; c++)                                                                    \
              for (int j = 0; j < J; j++) acc[c][j] = c < nc ? load(out + (size_t)c * g->co + j * LANES) : splat(0); \
            for (int oy = 0; oy < g->oh; oy++) {                                                            \
              const float *xr = xp + (((size_t)b * hp + oy + ky) * wp + kx) * g->ci + cs;                   \
              const float *dr = dy + ((size_t)b * g->oh + oy) * g->ow * g->co + c0;                          \
              for (int ox = 0; ox < g->ow; ox++) {                                                          \
                v16 dv[J];                                                                                  \
                for (int j = 0; j < J; j++) dv[j] = load(dr + (size_t)ox * g->co + j * LANES);              \
                for (int c = 0; c < CB; c++) {                                                              \
                  v16 xv = splat(xr[(size_t)ox * g->ci + ch[c]]);                                           \
                  for (int j = 0; j < J; j++) acc[c][j] += xv * dv[j];                                      \
                }                                                                                           \
              }                                                                                             \
            }                                                                                               \
            for (int c = 0; c < nc; c++)                                                                    \
              for (int j = 0; j < J; j++) store(out + (size_t)c * g->co + j * LANES, acc[c][j]);            \
          }                                                                                                 \
  }
/*
 * The same for a single input channel (every first layer) with at most 9 taps: there the blocks
 * above hold one channel and reread dy once per tap; here each pixel's dy vectors are loaded once
 * and feed every tap's accumulator (measured: 2.2 -> 0.4 ms for fast99's first layer). KH and KW
 * are constants for 3x3 filters, so that the taps' accumulators are registers; for other sizes
 * they are g->kh and g->kw, and the accumulators live on the stack.
 */
#define MAX_TAPS 9
#define TAPS_BLOCK(NAME, J, KH, KW)                                                                         \
  static void NAME(const float *xp, int hp, int wp, const float *dy, float *dw, const Geometry *g, int c0) {   \
    const int taps = (KH) * (KW);                                                                           \
    v16 acc[MAX_TAPS][J];                                                                                   \
    for (int t = 0; t < taps; t++)                                                                          \
      for (int j = 0; j < J; j++) acc[t][j] = splat(0);                                                     \
    for (int b = 0; b < g->n; b++)                                                                          \
      for (int oy = 0; oy < g->oh; oy++) {                                                                  \
        const float *dr = dy + ((size_t)b * g->oh + oy) * g->ow * g->co + c0;                                \
        for (int ox = 0; ox < g->ow; ox++) {                                                                \
          v16 dv[J];                                                                                        \
          for (int j = 0; j < J; j++) dv[j] = load(dr + (size_t)ox * g->co + j * LANES);                    \
          for (int ky = 0, t = 0; ky < (KH); ky++) {                                                        \
            const float *xr = xp + ((size_t)b * hp + oy + ky) * wp + ox;                                    \
            for (int kx = 0; kx < (KW); kx++, t++) {                                                        \
              v16 xv = splat(xr[kx]);                                                                       \
              for (int j = 0; j < J; j++) acc[t][j] += xv * dv[j];                                          \
            }                                                                                               \
          }                                                                                                 \
        }                                                                                                   \
      }                                                                                                     \
    for (int t = 0; t < taps; t++)                                                                          \
      for (int j = 0; j < J; j++) store(dw + (size_t)t * g->co + c0 + j * LANES, acc[t][j]);                \
  }
TAPS_BLOCK(taps1, 1, g->kh, g->kw)
TAPS_BLOCK(taps2, 2, g->kh, g->kw)
TAPS_BLOCK(taps3x3_1, 1, 3, 3)
TAPS_BLOCK(taps3x3_2, 2, 3, 3)

#if defined(__AVX512F__)
FILTER_BLOCK(filter1, 1, 16)
FILTER_BLOCK(filter2, 2, 8)
#else
FILTER_BLOCK(filter1, 1, 8)
FILTER_BLOCK(filter2, 2, 4)
FILTER_BLOCK(filter3, 3, 2)
FILTER_BLOCK(filter4, 4, 2)
#endif

/* ---- N-API glue ---------------------------------------------------------------------------- */

/* dims: [n, h, w, ci, kh, kw, co, top, bottom, left, right]; false when the shapes do not fit. */
static int read_geometry(napi_env env, napi_value dims, Geometry *g) {
  int *f[] = {&g->n, &g->h, &g->w, &g->ci, &g->kh, &g->kw, &g->co, &g->top, &g->bottom, &g->left, &g->right};
  for (uint32_t i = 0; i < 11; i++)
    if (!int_at(env, dims, i, f[i])) return 0;
  g->oh = g->h + g->top + g->bottom - g->kh + 1;
  g->ow = g->w + g->left + g->right - g->kw + 1;
  return g->n > 0 && g->h > 0 && g->w > 0 && g->ci > 0 && g->kh > 0 && g->kw > 0 && g->co > 0 && g->co % LANES == 0 &&
         g->top >= 0 && g->bottom >= 0 && g->left >= 0 && g->right >= 0 && g->oh > 0 && g->ow > 0;
}

/* conv2d(dims, x, w, bias | null, relu, y): y = relu?(conv(x, w) + bias). Returns false without writing when the arguments do not fit. */
static napi_value conv2d(napi_env env, napi_callback_info info) {
  CALL_ARGS(6);
  Geometry g;
  float *x, *w, *y, *bias = NULL;
  size_t nx, nw, ny, nb = 0;
  bool relu = false;
  napi_valuetype bias_type;
  if (argc < 6 || !read_geometry(env, argv[0], &g) || !float_array(env, argv[1], &x, &nx) || !float_array(env, argv[2], &w, &nw) ||
      !float_array(env, argv[5], &y, &ny) || napi_get_value_bool(env, argv[4], &relu) != napi_ok || napi_typeof(env, argv[3], &bias_type) != napi_ok)
    return boolean(env, 0);
  if (bias_type != napi_null && (!float_array(env, argv[3], &bias, &nb) || nb != (size_t)g.co)) return boolean(env, 0);
  if (nx != (size_t)g.n * g.h * g.w * g.ci || nw != (size_t)g.kh * g.kw * g.ci * g.co || ny != (size_t)g.n * g.oh * g.ow * g.co) return boolean(env, 0);
  int hp, wp;
  float *owned;
  const float *xp = padded(x, &g, &hp, &wp, &owned);
  if (!xp) return boolean(env, 0);
  for (int c0 = 0; c0 < g.co; c0 += MAX_J * LANES) {
    int j = (g.co - c0) / LANES < MAX_J ? (g.co - c0) / LANES : MAX_J;
    forward_block(j, g.ow)(xp, hp, wp, w, bias, relu, y, &g, c0);
  }
  free(owned);
  return boolean(env, 1);
}

/* conv2dFilterGradient(dims, x, dy, dw): dw = the gradient of conv(x, w) with respect to w, given dy. */
static napi_value conv2d_filter_gradient(napi_env env, napi_callback_info info) {
  CALL_ARGS(4);
  Geometry g;
  float *x, *dy, *dw;
  size_t nx, ndy, ndw;
  if (argc < 4 || !read_geometry(env, argv[0], &g) || !float_array(env, argv[1], &x, &nx) || !float_array(env, argv[2], &dy, &ndy) ||
      !float_array(env, argv[3], &dw, &ndw))
    return boolean(env, 0);
  if (nx != (size_t)g.n * g.h * g.w * g.ci || ndy != (size_t)g.n * g.oh * g.ow * g.co || ndw != (size_t)g.kh * g.kw * g.ci * g.co) return boolean(env, 0);
  int hp, wp;
  float *owned;
  const float *xp = padded(x, &g, &hp, &wp, &owned);
  if (!xp) return boolean(env, 0);
  memset(dw, 0, ndw * sizeof(float));
  if (g.ci == 1 && g.kh * g.kw <= MAX_TAPS) {
    const int three = g.kh == 3 && g.kw == 3;
    for (int c0 = 0; c0 < g.co; c0 += 2 * LANES) {
      if (g.co - c0 >= 2 * LANES) (three ? taps3x3_2 : taps2)(xp, hp, wp, dy, dw, &g, c0);
      else (three ? taps3x3_1 : taps1)(xp, hp, wp, dy, dw, &g, c0);
    }
    free(owned);
    return boolean(env, 1);
  }
  for (int c0 = 0; c0 < g.co; c0 += MAX_J * LANES) {
    int j = (g.co - c0) / LANES < MAX_J ? (g.co - c0) / LANES : MAX_J;
    if (j == 1) filter1(xp, hp, wp, dy, dw, &g, c0);
    else if (j == 2) filter2(xp, hp, wp, dy, dw, &g, c0);
#if MAX_J > 2
    else if (j == 3) filter3(xp, hp, wp, dy, dw, &g, c0);
    else filter4(xp, hp, wp, dy, dw, &g, c0);
#endif
  }
  free(owned);
  return boolean(env, 1);
}

/*
 * maxPool2x2Gradient(dims, x, dy, dx), dims [n, h, w, c, oh, ow]: the gradient of a 2x2, stride-2,
 * unpadded max pool. Each dy value goes to its window's first maximum in row-major order, and a
 * window of NaNs gets nothing, as the cpu backend's maxPoolPositions decides; the rest of dx is 0.
 */
static napi_value max_pool_2x2_gradient(napi_env env, napi_callback_info info) {
  CALL_ARGS(4);
  int n, h, w, c, oh, ow;
  int *f[] = {&n, &h, &w, &c, &oh, &ow};
  float *x, *dy, *dx;
  size_t nx, ndy, ndx;
  if (argc < 4) return boolean(env, 0);
  for (uint32_t i = 0; i < 6; i++)
    if (!int_at(env, argv[0], i, f[i])) return boolean(env, 0);
  if (!float_array(env, argv[1], &x, &nx) || !float_array(env, argv[2], &dy, &ndy) || !float_array(env, argv[3], &dx, &ndx)) return boolean(env, 0);
  if (n <= 0 || c <= 0 || oh <= 0 || ow <= 0 || 2 * oh > h || 2 * ow > w || nx != (size_t)n * h * w * c || ndx != nx || ndy != (size_t)n * oh * ow * c)
    return boolean(env, 0);
  size_t row = (size_t)w * c;
  /* Rows and columns no window covers (an odd size's last) get no gradient. */
  if (2 * oh < h || 2 * ow < w) memset(dx, 0, ndx * sizeof(float));
  const float *d = dy;
  for (int b = 0; b < n; b++)
    for (int oy = 0; oy < oh; oy++)
      for (int ox = 0; ox < ow; ox++, d += c) {
        size_t p0 = ((size_t)b * h + 2 * oy) * row + (size_t)2 * ox * c;
        size_t p[4] = {p0, p0 + c, p0 + row, p0 + row + c};
        int k = 0;
        /* 16 channels at a time: every position of the window is written, the winner's with dy. */
        for (; k + LANES <= c; k += LANES) {
          v16 best = splat(-__builtin_inff());
          v16i at = (v16i){0} - 1;
          for (int q = 0; q < 4; q++) {
            v16 v = load(x + p[q] + k);
            v16i take = v > best; /* false for NaN */
            best = (v16)(((v16i)v & take) | ((v16i)best & ~take));
            at = (((v16i){0} + q) & take) | (at & ~take);
          }
          v16 g = load(d + k);
          for (int q = 0; q < 4; q++) store(dx + p[q] + k, (v16)((v16i)g & (at == q)));
        }
        for (; k < c; k++) {
          float best = -__builtin_inff();
          int at = -1;
          for (int q = 0; q < 4; q++) {
            float v = x[p[q] + k];
            if (v > best) { /* false for NaN */
              best = v;
              at = q;
            }
          }
          for (int q = 0; q < 4; q++) dx[p[q] + k] = q == at ? d[k] : 0;
        }
      }
  return boolean(env, 1);
}

/*
 * reduceLeading(x, inner, scale, out): out[j] = scale * sum over i of x[i * inner + j], summed in
 * double precision row after row, exactly as reduce.ts's JavaScript loop does, so both give the
 * same bits: the bias gradients and batch norm's means of every step.
 */
static napi_value reduce_leading(napi_env env, napi_callback_info info) {
  CALL_ARGS(4);
  float *x, *out;
  size_t nx, nout;
  int32_t inner;
  double scale;
  if (argc < 4 || !float_array(env, argv[0], &x, &nx) || napi_get_value_int32(env, argv[1], &inner) != napi_ok ||
      napi_get_value_double(env, argv[2], &scale) != napi_ok || !float_array(env, argv[3], &out, &nout))
    return boolean(env, 0);
  if (inner <= 0 || nout != (size_t)inner || nx % (size_t)inner != 0) return boolean(env, 0);
  double *sums = calloc((size_t)inner, sizeof(double));
  if (!sums) return boolean(env, 0);
  size_t outer = nx / (size_t)inner;
  for (size_t i = 0; i < outer; i++) {
    const float *row = x + i * (size_t)inner;
    for (int32_t j = 0; j < inner; j++) sums[j] += row[j];
  }
  for (int32_t j = 0; j < inner; j++) out[j] = (float)(sums[j] * scale);
  free(sums);
  return boolean(env, 1);
}

/*
 * broadcastLastAxis(op, x, v, out): out[i * c + k] = x[i * c + k] (op) v[k] with c = v.length;
 * op 0 adds, 1 subtracts, 2 multiplies, 3 subtracts the other way (v[k] - x[...]). A per-channel
 * vector against a whole activation: bias adds and batch norm's centring and scaling. The wasm
 * backend's broadcasting loop took three times as long as a plain pass over the memory.
 */
static napi_value broadcast_last_axis(napi_env env, napi_callback_info info) {
  CALL_ARGS(4);
  int32_t op;
  float *x, *v, *out;
  size_t nx, nv, nout;
  if (argc < 4 || napi_get_value_int32(env, argv[0], &op) != napi_ok || !float_array(env, argv[1], &x, &nx) ||
      !float_array(env, argv[2], &v, &nv) || !float_array(env, argv[3], &out, &nout))
    return boolean(env, 0);
  if (op < 0 || op > 3 || nv == 0 || nx % nv != 0 || nout != nx) return boolean(env, 0);
  size_t rows = nx / nv;
  for (size_t i = 0; i < rows; i++) {
    const float *a = x + i * nv;
    float *o = out + i * nv;
    if (op == 0) for (size_t k = 0; k < nv; k++) o[k] = a[k] + v[k];
    else if (op == 1) for (size_t k = 0; k < nv; k++) o[k] = a[k] - v[k];
    else if (op == 2) for (size_t k = 0; k < nv; k++) o[k] = a[k] * v[k];
    else for (size_t k = 0; k < nv; k++) o[k] = v[k] - a[k];
  }
  return boolean(env, 1);
}

/*
 * reluGradient(y, dy, dx): dx = dy * step(y) for y = relu(...), as TensorFlow.js's ReLU gradient
 * computes it (Step, then Multiply: two passes and a tensor between them) in one pass; a NaN in y
 * gives NaN, as Step does.
 */
static napi_value relu_gradient(napi_env env, napi_callback_info info) {
  CALL_ARGS(3);
  float *y, *dy, *dx;
  size_t ny, ndy, ndx;
  if (argc < 3 || !float_array(env, argv[0], &y, &ny) || !float_array(env, argv[1], &dy, &ndy) || !float_array(env, argv[2], &dx, &ndx) ||
      ndy != ny || ndx != ny)
    return boolean(env, 0);
  for (size_t i = 0; i < ny; i++) {
    float step = y[i] > 0 ? 1.0f : (y[i] != y[i] ? y[i] : 0.0f);
    dx[i] = dy[i] * step;
  }
  return boolean(env, 1);
}

/* The instruction set the compiler targeted, for the run's record. */
static napi_value instruction_set(napi_env env, napi_callback_info info) {
  (void)info;
#if defined(__AVX512F__)
  const char *name = "AVX-512";
#elif defined(__AVX2__) && defined(__FMA__)
  const char *name = "AVX2+FMA";
#elif defined(__AVX__)
  const char *name = "AVX";
#elif defined(__ARM_NEON)
  const char *name = "NEON";
#else
  const char *name = "generic";
#endif
  napi_value result;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &result);
  return result;
}

/* adam.c and matmul.c */
napi_value adam_step(napi_env env, napi_callback_info info);
napi_value mat_mul(napi_env env, napi_callback_info info);

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
    {"conv2d", NULL, conv2d, NULL, NULL, NULL, napi_default, NULL},
    {"conv2dFilterGradient", NULL, conv2d_filter_gradient, NULL, NULL, NULL, napi_default, NULL},
    {"maxPool2x2Gradient", NULL, max_pool_2x2_gradient, NULL, NULL, NULL, napi_default, NULL},
    {"reduceLeading", NULL, reduce_leading, NULL, NULL, NULL, napi_default, NULL},
    {"broadcastLastAxis", NULL, broadcast_last_axis, NULL, NULL, NULL, napi_default, NULL},
    {"reluGradient", NULL, relu_gradient, NULL, NULL, NULL, napi_default, NULL},
    {"adamStep", NULL, adam_step, NULL, NULL, NULL, napi_default, NULL},
    {"matMul", NULL, mat_mul, NULL, NULL, NULL, napi_default, NULL},
    {"instructionSet", NULL, instruction_set, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
  return exports;
}

NAPI_MODULE_INIT() { return init(env, exports); }
