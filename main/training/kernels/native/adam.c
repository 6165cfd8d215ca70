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

/*
 * The gradient is the first share's as it is when there is one share (the primary alone applies
 * its own unchanged), else (g0 * w0 + g1 * w1 + ...) / total, left to right, as train-step.ts
 * averages the threads' shares.
 */
static void NO_CONTRACTION update(size_t n, int shares, const float *const *grads, const float *weights, const float *s,
                                  const float *value, float *m, float *v, float *out) {
  for (size_t i = 0; i < n; i++) {
    float g = grads[0][i];
    if (shares > 1) {
      float sum = g * weights[0];
      for (int k = 1; k < shares; k++) sum = sum + grads[k][i] * weights[k];
      g = sum / s[TOTAL];
    }
    float m2 = m[i] * s[BETA1] + g * s[ONE_MINUS_BETA1];
    float v2 = v[i] * s[BETA2] + (g * g) * s[ONE_MINUS_BETA2];
    float corrected_m = m2 / s[ONE_MINUS_ACC_BETA1];
    float corrected_v = v2 / s[ONE_MINUS_ACC_BETA2];
    m[i] = m2;
    v[i] = v2;
    out[i] = (corrected_m / (sqrtf(corrected_v) + s[EPSILON])) * s[NEG_RATE] + value[i];
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
