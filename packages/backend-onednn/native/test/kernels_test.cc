// Unit tests of the pure C++ kernel layer (no N-API, no JavaScript).
// Run: npm run test:native -w @frontier/backend-onednn
#include <cmath>
#include <cstdio>
#include <vector>

#include <xmmintrin.h>

#include "../kernels/kernels.h"

namespace {
int failures = 0;

void ExpectNear(const char* what, float got, float want, float tol) {
  if (!(std::fabs(got - want) <= tol)) {
    std::printf("FAIL %s: got %.9g want %.9g\n", what, got, want);
    ++failures;
  }
}

void TestMatMulTransposedWithBiasRelu() {
  // a^T (3x2 stored as 2x3) times b (2x2) + bias, relu.
  std::vector<float> a = {1, 2, 3, 4, 5, 6};  // a stored [k=2, m=3]
  std::vector<float> b = {1, -1, 2, 0};       // [k=2, n=2]
  std::vector<float> bias = {0.5f, -10.f};
  std::vector<float> c(6);
  frontier::MatMulParams p{1, 1, 3, 2, 2, true, false, true, frontier::kActRelu, 0.f};
  frontier::MatMul(p, a.data(), b.data(), bias.data(), c.data());
  // row i of a^T = (a[i], a[3+i]); c[i][0] = a[i]*1 + a[3+i]*2 + 0.5; c[i][1] = relu(-a[i] - 10)
  for (int i = 0; i < 3; ++i) {
    ExpectNear("matmul col0", c[i * 2], a[i] + 2 * a[3 + i] + 0.5f, 1e-6f);
    ExpectNear("matmul col1", c[i * 2 + 1], 0.f, 0.f);
  }
}

void TestConvIdentityFilter() {
  // 1x3x3x1 input, 1x1 filter of 2 -> doubles every pixel.
  std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w = {2}, y(9);
  frontier::ConvParams p{1, 3, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, false, false, frontier::kActNone, 0.f};
  frontier::ConvForward(p, x.data(), w.data(), nullptr, y.data());
  for (int i = 0; i < 9; ++i) ExpectNear("conv 1x1", y[i], 2 * x[i], 0.f);
}

void TestBinaryBroadcast() {
  const int64_t as[2] = {2, 3}, bs[2] = {1, 3}, os[2] = {2, 3};
  std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {10, 20, 30}, out(6);
  frontier::Binary(frontier::kBinSub, 2, as, a.data(), bs, b.data(), os, out.data());
  const float want[6] = {-9, -18, -27, -6, -15, -24};
  for (int i = 0; i < 6; ++i) ExpectNear("sub broadcast", out[i], want[i], 0.f);
}

void TestReduceBiasGradient() {
  const int64_t shape[3] = {2, 2, 3}, outShape[3] = {1, 1, 3};
  std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, y(3);
  frontier::Reduce(frontier::kRedSum, 3, shape, outShape, x.data(), y.data());
  ExpectNear("sum c0", y[0], 22, 0.f);
  ExpectNear("sum c1", y[1], 26, 0.f);
  ExpectNear("sum c2", y[2], 30, 0.f);
}

void TestMaxPoolGradFirstMaxWins() {
  // One 2x2 window with a tie: the first (row-major) maximum gets dy.
  std::vector<float> x = {3, 1, 3, 2}, dy = {5}, dx(4);
  frontier::PoolParams p{true, 1, 2, 2, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0};
  frontier::PoolBackward(p, x.data(), dy.data(), dx.data());
  ExpectNear("maxpool grad [0]", dx[0], 5, 0.f);
  ExpectNear("maxpool grad [2]", dx[2], 0, 0.f);
}

void TestAdamFirstStep() {
  // First Adam step moves each weight by ~lr against the gradient's sign.
  std::vector<float> w = {1.f, -1.f}, m(2), v(2), g = {0.5f, -2.f};
  frontier::AdamParams p{0.1f, 0.9f, 0.999f, 1e-7f, 0.1f, 0.001f, 0.1f, 0.001f};
  frontier::AdamUpdate(p, 2, w.data(), m.data(), v.data(), g.data());
  ExpectNear("adam w0", w[0], 0.9f, 1e-5f);
  ExpectNear("adam w1", w[1], -0.9f, 1e-5f);
  ExpectNear("adam m0", m[0], 0.05f, 1e-7f);
  ExpectNear("adam v1", v[1], 0.004f, 1e-8f);
}
void TestArgReduceTiesNaNAndMiddleAxis() {
  // x viewed as [outer=2, n=3, inner=2]; argmax/argmin along n.
  const float nan = std::nanf("");
  std::vector<float> x = {1, nan,   // o0 j0
                          5, 2,     // o0 j1
                          5, 7,     // o0 j2: tie with j1 in column 0 -> first (j1) wins
                          nan, 4,   // o1 j0: NaN first wins in column 0
                          9, nan,   // o1 j1: NaN later is skipped in column 1
                          0, 3};    // o1 j2: column 1 has 4, NaN, 3 -> argmax 0, argmin 2
  std::vector<int32_t> out(4, -1);
  frontier::ArgReduce(true, 2, 3, 2, x.data(), out.data());
  const int32_t wantMax[4] = {1, 0, 0, 0};
  for (int i = 0; i < 4; ++i) ExpectNear("argmax", static_cast<float>(out[i]), static_cast<float>(wantMax[i]), 0.f);
  frontier::ArgReduce(false, 2, 3, 2, x.data(), out.data());
  const int32_t wantMin[4] = {0, 0, 0, 2};
  for (int i = 0; i < 4; ++i) ExpectNear("argmin", static_cast<float>(out[i]), static_cast<float>(wantMin[i]), 0.f);
  // Innermost axis (inner = 1): row {3, -1, 8, 8, -1} -> argmax 2, argmin 1.
  std::vector<float> row = {3, -1, 8, 8, -1};
  int32_t at = -1;
  frontier::ArgReduce(true, 1, 5, 1, row.data(), &at);
  ExpectNear("argmax row", static_cast<float>(at), 2.f, 0.f);
  frontier::ArgReduce(false, 1, 5, 1, row.data(), &at);
  ExpectNear("argmin row", static_cast<float>(at), 1.f, 0.f);
}

void TestAdamWFirstStep() {
  // keep = 1 - lr * wd = 1 - 0.1 * 0.5 = 0.95; first Adam step = lr * sign(g) (up to eps).
  std::vector<float> w = {2.f, -1.f}, m(2), v(2), g = {0.5f, -2.f};
  frontier::AdamParams p{0.1f, 0.9f, 0.999f, 1e-7f, 0.1f, 0.001f, 0.1f, 0.001f};
  frontier::AdamWUpdate(p, 0.95f, 2, w.data(), m.data(), v.data(), g.data());
  ExpectNear("adamw w0", w[0], 2.f * 0.95f - 0.1f, 1e-6f);
  ExpectNear("adamw w1", w[1], -1.f * 0.95f + 0.1f, 1e-6f);
  ExpectNear("adamw m0", m[0], 0.05f, 1e-7f);
}
}  // namespace

void TestAdamFlushesDenormalsAndRestoresMode() {
  // Zero gradient: m <- 0.9 * m. 1e-38 * 0.9 is below float32's normal range, so it
  // flushes to 0; the normal 1e-30 decays as usual. The caller's mode is unchanged.
  const unsigned before = _mm_getcsr();
  std::vector<float> w = {1.f, 1.f}, m = {1e-38f, 1e-30f}, v = {1.f, 1.f}, g = {0.f, 0.f};
  frontier::AdamParams p{0.1f, 0.9f, 0.999f, 1e-7f, 0.1f, 0.001f, 0.1f, 0.001f};
  frontier::AdamUpdate(p, 2, w.data(), m.data(), v.data(), g.data());
  ExpectNear("adam denormal m flushed", m[0], 0.f, 0.f);
  ExpectNear("adam normal m kept", m[1], 0.9e-30f, 1e-36f);
  ExpectNear("csr restored", static_cast<float>(_mm_getcsr() == before), 1.f, 0.f);
}

int main() {
  TestArgReduceTiesNaNAndMiddleAxis();
  TestAdamWFirstStep();
  TestMatMulTransposedWithBiasRelu();
  TestConvIdentityFilter();
  TestBinaryBroadcast();
  TestReduceBiasGradient();
  TestMaxPoolGradFirstMaxWins();
  TestAdamFirstStep();
  TestAdamFlushesDenormalsAndRestoresMode();
  if (failures == 0) std::printf("native kernels: all tests passed\n");
  return failures == 0 ? 0 : 1;
}
