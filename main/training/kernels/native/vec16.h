/* Vectors of 16 floats, shared by kernels.c and matmul.c: GCC/Clang vector extensions that the
 * compiler maps to one AVX-512 register, two AVX2 registers or four NEON registers. */
#ifndef MNIST_LAB_VEC16_H
#define MNIST_LAB_VEC16_H
#include <string.h>

typedef float v16 __attribute__((vector_size(64)));
#define LANES 16

static inline v16 load(const float *p) { v16 v; memcpy(&v, p, sizeof v); return v; }
static inline void store(float *p, v16 v) { memcpy(p, &v, sizeof v); }
static inline v16 splat(float f) { return (v16){0} + f; }

#endif
