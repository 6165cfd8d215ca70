/*
 * One Adam step for one variable, exactly as TensorFlow.js's AdamOptimizer computes it: the same
 * float32 operations in the same order, each rounded, so the weights come out as the same bits.
 * The optimizer runs about ten kernels per variable per step; this is one pass over memory, on
 * the step's critical path while the replica threads wait (main/training/native-adam.ts).
 */
#include <math.h>
#include <stdlib.h>
#include <node_api.h>
#include "napi-args.h"

napi_value adam_step(napi_env env, napi_callback_info info);

#if defined(__clang__)
#pragma clang fp contract(off)
#define NO_CONTRACTION
#else
/* A fused multiply-add rounds once where TensorFlow.js rounds twice: never fuse here. */
#define NO_CONTRACTION __attribute__((optimize("fp-contract=off")))
#endif

enum { BETA1, ONE_MINUS_BETA1, BETA2, ONE_MINUS_BETA2, ONE_MINUS_ACC_BETA1, ONE_MINUS_ACC_BETA2, EPSILON, NEG_RATE, TOTAL, SCALARS };
#define MAX_SHARES 64

/* Elements per chunk: the mean gradient of a chunk is formed first, in a buffer that stays in L1. */
#define CHUNK 512

/*
 * The gradient is the first share's as it is when there is one share (the primary alone applies
 * its own unchanged), else (g0 * w0 + g1 * w1 + ...) / total, left to right, as train-step.ts
 * averages the threads' shares. Written as plain loops over restrict pointers so that the
 * compiler vectorises them, divisions and square roots included (a loop over the shares inside
 * the element loop kept them scalar: 1.2 ms a step for std's 225,000 weights).
 */
static void NO_CONTRACTION update(size_t n, int shares, const float *const *grads, const float *weights, const float *s,
                                  const float *restrict value, float *restrict m, float *restrict v, float *restrict out) {
  const float beta1 = s[BETA1], one_minus_beta1 = s[ONE_MINUS_BETA1], beta2 = s[BETA2], one_minus_beta2 = s[ONE_MINUS_BETA2];
  const float acc1 = s[ONE_MINUS_ACC_BETA1], acc2 = s[ONE_MINUS_ACC_BETA2], epsilon = s[EPSILON], neg_rate = s[NEG_RATE], total = s[TOTAL];
  float mean[CHUNK];
  for (size_t start = 0; start < n; start += CHUNK) {
    const size_t len = n - start < CHUNK ? n - start : CHUNK;
    const float *restrict g = grads[0] + start;
    if (shares > 1) {
      const float *restrict g0 = grads[0] + start;
      for (size_t i = 0; i < len; i++) mean[i] = g0[i] * weights[0];
      for (int k = 1; k < shares; k++) {
        const float *restrict gk = grads[k] + start;
        const float wk = weights[k];
        for (size_t i = 0; i < len; i++) mean[i] = mean[i] + gk[i] * wk;
      }
      for (size_t i = 0; i < len; i++) mean[i] = mean[i] / total;
      g = mean;
    }
    const float *restrict x = value + start;
    float *restrict mc = m + start, *restrict vc = v + start, *restrict o = out + start;
    for (size_t i = 0; i < len; i++) {
      float m2 = mc[i] * beta1 + g[i] * one_minus_beta1;
      float v2 = vc[i] * beta2 + (g[i] * g[i]) * one_minus_beta2;
      float corrected_m = m2 / acc1;
      float corrected_v = v2 / acc2;
      mc[i] = m2;
      vc[i] = v2;
      o[i] = (corrected_m / (sqrtf(corrected_v) + epsilon)) * neg_rate + x[i];
    }
  }
}

/*
 * adamStep(scalars, value, m, v, out, grads, weights): scalars are the numbers named in the enum
 * above, rounded to float32 here as TensorFlow.js rounds them into scalar tensors; m and v are
 * updated in place, out gets the new value. weights holds one size per gradient, or none when
 * there is a single gradient. False, with nothing written, when the arguments do not fit.
 */
napi_value adam_step(napi_env env, napi_callback_info info) {
  CALL_ARGS(7);
  if (argc < 7) return boolean(env, 0);
  float s[SCALARS], *value, *m, *v, *out;
  size_t n, nm, nv, nout;
  for (uint32_t i = 0; i < SCALARS; i++)
    if (!float_at(env, argv[0], i, &s[i])) return boolean(env, 0);
  if (!float_array(env, argv[1], &value, &n) || !float_array(env, argv[2], &m, &nm) || !float_array(env, argv[3], &v, &nv) || !float_array(env, argv[4], &out, &nout) ||
      nm != n || nv != n || nout != n)
    return boolean(env, 0);
  uint32_t shares, nweights;
  if (napi_get_array_length(env, argv[5], &shares) != napi_ok || napi_get_array_length(env, argv[6], &nweights) != napi_ok) return boolean(env, 0);
  if (shares < 1 || shares > MAX_SHARES || (shares == 1 ? nweights != 0 : nweights != shares)) return boolean(env, 0);
  const float *grads[MAX_SHARES];
  float weights[MAX_SHARES];
  for (uint32_t k = 0; k < shares; k++) {
    napi_value item;
    float *g;
    size_t ng;
    if (napi_get_element(env, argv[5], k, &item) != napi_ok || !float_array(env, item, &g, &ng) || ng != n) return boolean(env, 0);
    grads[k] = g;
    if (shares > 1 && !float_at(env, argv[6], k, &weights[k])) return boolean(env, 0);
  }
  update(n, (int)shares, grads, weights, s, value, m, v, out);
  return boolean(env, 1);
}
