/* Reading N-API arguments, shared by kernels.c and adam.c: each helper returns 0 when the value does not fit. */
#ifndef MNIST_LAB_NAPI_ARGS_H
#define MNIST_LAB_NAPI_ARGS_H
#include <node_api.h>

static inline int float_array(napi_env env, napi_value value, float **data, size_t *length) {
  napi_typedarray_type type;
  void *raw;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok || type != napi_float32_array) return 0;
  *data = raw;
  return 1;
}

static inline int int_at(napi_env env, napi_value array, uint32_t index, int *out) {
  napi_value item;
  int32_t v;
  if (napi_get_element(env, array, index, &item) != napi_ok || napi_get_value_int32(env, item, &v) != napi_ok) return 0;
  *out = v;
  return 1;
}

/* array[index] as a float32, rounded as TensorFlow.js rounds a number into a float32 tensor. */
static inline int float_at(napi_env env, napi_value array, uint32_t index, float *out) {
  napi_value item;
  double d;
  if (napi_get_element(env, array, index, &item) != napi_ok || napi_get_value_double(env, item, &d) != napi_ok) return 0;
  *out = (float)d;
  return 1;
}

/* argv[N]: the call's arguments (argc says how many came; N-API fills the rest with undefined). */
#define CALL_ARGS(N)   \
  size_t argc = N;     \
  napi_value argv[N];  \
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL)

static inline napi_value boolean(napi_env env, int value) {
  napi_value result;
  napi_get_boolean(env, value, &result);
  return result;
}

#endif
