// MatMul / BatchMatMul with optional bias and activation, transposes expressed
// as strides so that oneDNN reads tfjs' row-major buffers without a copy.
#include <chrono>

#include "context.h"
#include "kernels.h"

namespace frontier {

namespace {
using dt = dnnl::memory::data_type;

struct MatMulEntry {
  dnnl::matmul prim;
  dnnl::memory a, b, bias, c;
};

std::shared_ptr<MatMulEntry> MakeMatMul(const MatMulParams& p) {
  const int64_t batch = p.batchA > p.batchB ? p.batchA : p.batchB;
  const int64_t m = p.m, k = p.k, n = p.n;
  dnnl::memory::desc aMd({p.batchA, m, k}, dt::f32,
                         p.transposeA ? dnnl::memory::dims{m * k, 1, m} : dnnl::memory::dims{m * k, k, 1});
  dnnl::memory::desc bMd({p.batchB, k, n}, dt::f32,
                         p.transposeB ? dnnl::memory::dims{k * n, 1, k} : dnnl::memory::dims{k * n, n, 1});
  dnnl::memory::desc cMd({batch, m, n}, dt::f32, dnnl::memory::dims{m * n, n, 1});
  dnnl::memory::desc biasMd({1, 1, n}, dt::f32, dnnl::memory::dims{n, n, 1});
  auto attr = ActivationAttr(p.activation, p.alpha);
  auto e = std::make_shared<MatMulEntry>();
  auto desc = p.hasBias ? dnnl::matmul::desc(aMd, bMd, biasMd, cMd) : dnnl::matmul::desc(aMd, bMd, cMd);
  dnnl::matmul::primitive_desc pd(desc, attr, Engine());
  e->prim = dnnl::matmul(pd);
  e->a = dnnl::memory(aMd, Engine(), DNNL_MEMORY_NONE);
  e->b = dnnl::memory(bMd, Engine(), DNNL_MEMORY_NONE);
  e->c = dnnl::memory(cMd, Engine(), DNNL_MEMORY_NONE);
  if (p.hasBias) e->bias = dnnl::memory(biasMd, Engine(), DNNL_MEMORY_NONE);
  return e;
}
}  // namespace

void MatMul(const MatMulParams& p, const float* a, const float* b, const float* bias, float* c) {
  auto key = MakeKey("matmul", {p.batchA, p.batchB, p.m, p.k, p.n, p.transposeA, p.transposeB, p.hasBias,
                                p.activation, static_cast<int64_t>(p.alpha * 1e6)});
  auto& e = Cached<MatMulEntry>(key, [&]() { return MakeMatMul(p); });
  e.a.set_data_handle(const_cast<float*>(a));
  e.b.set_data_handle(const_cast<float*>(b));
  e.c.set_data_handle(c);
  std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, e.a}, {DNNL_ARG_WEIGHTS, e.b}, {DNNL_ARG_DST, e.c}};
  if (p.hasBias) {
    e.bias.set_data_handle(const_cast<float*>(bias));
    args[DNNL_ARG_BIAS] = e.bias;
  }
  e.prim.execute(Stream(), args);
  Stream().wait();
}

double SgemmBench(int64_t m, int64_t n, int64_t k, int32_t iterations) {
  dnnl::memory::desc aMd({m, k}, dt::f32, dnnl::memory::format_tag::ab);
  dnnl::memory::desc bMd({k, n}, dt::f32, dnnl::memory::format_tag::ab);
  dnnl::memory::desc cMd({m, n}, dt::f32, dnnl::memory::format_tag::ab);
  dnnl::matmul prim(dnnl::matmul::primitive_desc(dnnl::matmul::desc(aMd, bMd, cMd), Engine()));
  dnnl::memory a(aMd, Engine()), b(bMd, Engine()), c(cMd, Engine());
  float* pa = static_cast<float*>(a.get_data_handle());
  float* pb = static_cast<float*>(b.get_data_handle());
  for (int64_t i = 0; i < m * k; ++i) pa[i] = static_cast<float>((i % 7) - 3) * 0.1f;
  for (int64_t i = 0; i < k * n; ++i) pb[i] = static_cast<float>((i % 5) - 2) * 0.1f;
  std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, c}};
  prim.execute(Stream(), args);
  Stream().wait();
  auto start = std::chrono::steady_clock::now();
  for (int32_t i = 0; i < iterations; ++i) prim.execute(Stream(), args);
  Stream().wait();
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count();
}

}  // namespace frontier
