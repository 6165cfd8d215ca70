/*
 * The matrix products of dense layers, for MNIST Lab's wasm training path: C = op(A) op(B), each
 * operand plain or transposed, as TensorFlow.js's BatchMatMul asks for them. The wasm backend's
 * XNNPACK product ran at 13-16 GFLOP/s on the std preset's 1600x128 layer (128-bit SIMD, no
 * fused multiply-add); these use the CPU's full vector width.
 *
 * C's columns are computed 16 at a time (N must be a multiple of 16), ROWS rows of A at a time:
 * each loaded vector of B is used ROWS times and each value of A, broadcast, J times. A transposed
 * B is first copied into plain [K, N] order, so that its rows are read as vectors; a transposed A
 * is read in place (one value at a time). Every C value sums its K products in order, k = 0 first,
 * so results do not depend on the blocking.
 */
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include "napi-args.h"
#include "vec16.h"

/*
 * Rows of A and vectors of C's columns per block: 16 accumulators with AVX-512 (32 registers), 4
 * otherwise. Each block streams B once, so more rows per block read B fewer times. (On its own,
 * 8 rows rather than 4 made no measurable difference; the gain came with full_block below.)
 */
#if defined(__AVX512F__)
#define ROWS 8
#define J 2
#else
#define ROWS 4
#define J 1
#endif

/* Side of the tiles a transposed B is copied in. */
#define TILE 16

/* A(m, k) whether A is stored [M, K] or, transposed, [K, M]. */
static inline float a_at(const float *a, int transpose_a, int m_count, int k_count, int m, int k) {
  return transpose_a ? a[(size_t)k * m_count + m] : a[(size_t)m * k_count + k];
}

/*
 * Rows [m0, m0 + NR) and vectors [c0, c0 + 16 * NJ) of C. NR and NJ are compile-time constants
 * wherever the macro is used with constants, so the accumulators stay in registers: with the
 * counts known only at run time they lived on the stack (48 GFLOP/s on std's dense layer).
 */
#define BLOCK_BODY(NR, NJ)                                                                         \
  v16 acc[ROWS][J];                                                                                \
  for (int r = 0; r < (NR); r++)                                                                   \
    for (int j = 0; j < (NJ); j++) acc[r][j] = splat(0);                                           \
  for (int k = 0; k < k_count; k++) {                                                              \
    v16 bv[J];                                                                                     \
    for (int j = 0; j < (NJ); j++) bv[j] = load(b + (size_t)k * n_count + c0 + j * LANES);         \
    for (int r = 0; r < (NR); r++) {                                                               \
      v16 av = splat(a_at(a, transpose_a, m_count, k_count, m0 + r, k));                           \
      for (int j = 0; j < (NJ); j++) acc[r][j] += av * bv[j];                                      \
    }                                                                                              \
  }                                                                                                \
  for (int r = 0; r < (NR); r++)                                                                   \
    for (int j = 0; j < (NJ); j++) store(c + (size_t)(m0 + r) * n_count + c0 + j * LANES, acc[r][j]);

static void full_block(const float *a, int transpose_a, const float *b, float *c, int m_count, int k_count, int n_count, int m0, int c0) {
  BLOCK_BODY(ROWS, J)
}

/* A block at C's lower or right edge: nr <= ROWS rows, nj <= J vectors. */
static void edge_block(const float *a, int transpose_a, const float *b, float *c, int m_count, int k_count, int n_count, int m0, int nr, int c0, int nj) {
  BLOCK_BODY(nr, nj)
}

/* One product: a is [M, K] (or [K, M] transposed), b is plain [K, N], c is [M, N]. */
static void product(const float *a, int transpose_a, const float *b, float *c, int m_count, int k_count, int n_count) {
  for (int c0 = 0; c0 < n_count; c0 += J * LANES) {
    int nj = (n_count - c0) / LANES < J ? (n_count - c0) / LANES : J;
    for (int m0 = 0; m0 < m_count; m0 += ROWS) {
      int nr = m_count - m0 < ROWS ? m_count - m0 : ROWS;
      if (nr == ROWS && nj == J) full_block(a, transpose_a, b, c, m_count, k_count, n_count, m0, c0);
      else edge_block(a, transpose_a, b, c, m_count, k_count, n_count, m0, nr, c0, nj);
    }
  }
}

/*
 * matMul(dims, a, b, c) with dims [batch, M, K, N, transposeA, transposeB]: for each of `batch`
 * matrices, c = op(a) op(b). Returns false without writing when the arguments do not fit.
 */
napi_value mat_mul(napi_env env, napi_callback_info info) {
  CALL_ARGS(4);
  int batch, m_count, k_count, n_count, transpose_a, transpose_b;
  float *a, *b, *c;
  size_t na, nb, nc;
  if (argc < 4 || !int_at(env, argv[0], 0, &batch) || !int_at(env, argv[0], 1, &m_count) || !int_at(env, argv[0], 2, &k_count) ||
      !int_at(env, argv[0], 3, &n_count) || !int_at(env, argv[0], 4, &transpose_a) || !int_at(env, argv[0], 5, &transpose_b) ||
      !float_array(env, argv[1], &a, &na) || !float_array(env, argv[2], &b, &nb) || !float_array(env, argv[3], &c, &nc))
    return boolean(env, 0);
  if (batch < 1 || m_count < 1 || k_count < 1 || n_count < LANES || n_count % LANES != 0) return boolean(env, 0);
  size_t a_size = (size_t)m_count * k_count, b_size = (size_t)k_count * n_count, c_size = (size_t)m_count * n_count;
  if (na != batch * a_size || nb != batch * b_size || nc != batch * c_size) return boolean(env, 0);
  float *plain_b = NULL;
  if (transpose_b) {
    plain_b = malloc(b_size * sizeof(float));
    if (!plain_b) return boolean(env, 0);
  }
  for (int i = 0; i < batch; i++) {
    const float *bi = b + i * b_size;
    if (plain_b) {
      /* b is stored [N, K]: copy it to [K, N], in tiles, so that neither side is read or written a whole row apart. */
      for (int n0 = 0; n0 < n_count; n0 += TILE)
        for (int k0 = 0; k0 < k_count; k0 += TILE)
          for (int n = n0; n < n0 + TILE && n < n_count; n++)
            for (int k = k0; k < k0 + TILE && k < k_count; k++) plain_b[(size_t)k * n_count + n] = bi[(size_t)n * k_count + k];
      bi = plain_b;
    }
    product(a + i * a_size, transpose_a, bi, c + i * c_size, m_count, k_count, n_count);
  }
  free(plain_b);
  return boolean(env, 1);
}
