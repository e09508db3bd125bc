// Unary element-wise ops (oneDNN eltwise where it has the op) and softmax.
#include <algorithm>
#include <omp.h>

#include <cmath>

#include "context.h"
#include "kernels.h"

namespace frontier {

namespace {
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

struct EltEntry {
  dnnl::eltwise_forward prim;
  dnnl::memory src, dst;
};

bool OnednnAlgorithm(int32_t op, float alphaIn, dnnl::algorithm* alg, float* alpha, float* beta) {
  *alpha = 0.f;
  *beta = 0.f;
  switch (op) {
    case kEltRelu: *alg = dnnl::algorithm::eltwise_relu; return true;
    case kEltRelu6: *alg = dnnl::algorithm::eltwise_clip; *beta = 6.f; return true;
    case kEltElu: *alg = dnnl::algorithm::eltwise_elu; *alpha = 1.f; return true;
    case kEltSigmoid: *alg = dnnl::algorithm::eltwise_logistic; return true;
    case kEltLeakyRelu: *alg = dnnl::algorithm::eltwise_relu; *alpha = alphaIn; return true;
    case kEltTanh: *alg = dnnl::algorithm::eltwise_tanh; return true;
    case kEltExp: *alg = dnnl::algorithm::eltwise_exp; return true;
    case kEltSqrt: *alg = dnnl::algorithm::eltwise_sqrt; return true;
    case kEltSquare: *alg = dnnl::algorithm::eltwise_square; return true;
    case kEltAbs: *alg = dnnl::algorithm::eltwise_abs; return true;
    case kEltNeg: *alg = dnnl::algorithm::eltwise_linear; *alpha = -1.f; return true;
    default: return false;
  }
}
constexpr int64_t kSmall = 16384;

// The Relu gradient's mask: 1 where x > 0, alpha elsewhere, NaN stays NaN.
__attribute__((target_clones("avx512f", "avx2", "default"))) void StepRange(const float* __restrict x,
                                                                          float* __restrict y, int64_t n,
                                                                          float alpha) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    y[i] = v > 0.f ? 1.f : (v != v ? v : alpha);
  }
}

// Small tensors: a plain loop beats a oneDNN primitive call (no thread fork/join).
inline float Scalar(int32_t op, float v, float alpha) {
  switch (op) {
    case kEltRelu: return v > 0.f ? v : (v != v ? v : 0.f);
    case kEltRelu6: return v != v ? v : std::min(std::max(v, 0.f), 6.f);
    case kEltElu: return v > 0.f ? v : std::expm1(v);
    case kEltSigmoid: return 1.f / (1.f + std::exp(-v));
    case kEltLeakyRelu: return v > 0.f ? v : alpha * v;
    case kEltTanh: return std::tanh(v);
    case kEltExp: return std::exp(v);
    case kEltSqrt: return std::sqrt(v);
    case kEltSquare: return v * v;
    case kEltAbs: return std::fabs(v);
    case kEltNeg: return -v;
    default: return v;
  }
}
}  // namespace

void Eltwise(int32_t op, int64_t size, const float* x, float* y, float alphaIn) {
  if (op == kEltStep) {
#pragma omp parallel if (size > 65536)
    {
      const int64_t threads = omp_get_num_threads(), t = omp_get_thread_num();
      const int64_t chunk = (size + threads - 1) / threads;
      const int64_t begin = std::min(size, t * chunk);
      StepRange(x + begin, y + begin, std::min(size, begin + chunk) - begin, alphaIn);
    }
    return;
  }
  if (op == kEltFloor) {
    // Not a oneDNN algorithm, and std::floor is a libm call per element without
    // SSE4.1; truncate-and-correct vectorizes on any x86-64. From 2^23 on every float
    // is an integer, and NaN fails the comparison, so both pass through unchanged.
#pragma omp parallel for schedule(static) if (size > 32768)
    for (int64_t i = 0; i < size; ++i) {
      const float v = x[i];
      const bool small = std::fabs(v) < 8388608.f;
      const float t = static_cast<float>(static_cast<int32_t>(small ? v : 0.f));  // cast only in range
      y[i] = small ? (t > v ? t - 1.f : t) : v;
    }
    return;
  }
  if (op == kEltLog) {
    // oneDNN's vectorized log has ~1e-6 absolute error near 1 (2e-4 relative
    // there); losses need better, so use the correctly rounded libm log.
#pragma omp parallel for schedule(static) if (size > 32768)
    for (int64_t i = 0; i < size; ++i) y[i] = std::log(x[i]);
    return;
  }
  dnnl::algorithm alg;
  float alpha, beta;
  if (size < kSmall && op >= kEltRelu && op <= kEltNeg) {
    for (int64_t i = 0; i < size; ++i) y[i] = Scalar(op, x[i], alphaIn);
    return;
  }
  if (!OnednnAlgorithm(op, alphaIn, &alg, &alpha, &beta)) {
    throw std::invalid_argument("unknown eltwise op code " + std::to_string(op));
  }
  auto key = MakeKey("elt", {op, size, static_cast<int64_t>(alpha * 1e6)});
  auto& e = Cached<EltEntry>(key, [&]() {
    dnnl::memory::desc md({size}, dt::f32, tag::a);
    dnnl::eltwise_forward::primitive_desc pd({dnnl::prop_kind::forward_inference, alg, md, alpha, beta}, Engine());
    auto en = std::make_shared<EltEntry>();
    en->prim = dnnl::eltwise_forward(pd);
    en->src = dnnl::memory(md, Engine(), DNNL_MEMORY_NONE);
    en->dst = dnnl::memory(md, Engine(), DNNL_MEMORY_NONE);
    return en;
  });
  e.src.set_data_handle(const_cast<float*>(x));
  e.dst.set_data_handle(y);
  e.prim.execute(Stream(), {{DNNL_ARG_SRC, e.src}, {DNNL_ARG_DST, e.dst}});
  Stream().wait();
}

void EltwiseGrad(int32_t op, int64_t size, const float* xOrY, const float* dy, float* dx, float /*alpha*/) {
  if (op != kEltElu) throw std::invalid_argument("eltwise gradient only implemented for elu, got op " + std::to_string(op));
  // tfjs EluGrad: dy where y >= 0, else dy * (y + 1).
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < size; ++i) {
    const float y = xOrY[i];
    dx[i] = y >= 0.f ? dy[i] : dy[i] * (y + 1.f);
  }
}

namespace {
struct SoftmaxEntry {
  dnnl::primitive prim;
  dnnl::memory src, dst;
};
}  // namespace

void Softmax(int64_t rows, int64_t cols, const float* x, float* y, bool log) {
  auto& e = Cached<SoftmaxEntry>(MakeKey("softmax", {rows, cols, log}), [&]() {
    dnnl::memory::desc md({rows, cols}, dt::f32, tag::ab);
    auto en = std::make_shared<SoftmaxEntry>();
    if (log) {
      en->prim = dnnl::logsoftmax_forward(dnnl::logsoftmax_forward::primitive_desc(
          {dnnl::prop_kind::forward_inference, md, 1}, Engine()));
    } else {
      en->prim = dnnl::softmax_forward(
          dnnl::softmax_forward::primitive_desc({dnnl::prop_kind::forward_inference, md, 1}, Engine()));
    }
    en->src = dnnl::memory(md, Engine(), DNNL_MEMORY_NONE);
    en->dst = dnnl::memory(md, Engine(), DNNL_MEMORY_NONE);
    return en;
  });
  e.src.set_data_handle(const_cast<float*>(x));
  e.dst.set_data_handle(y);
  e.prim.execute(Stream(), {{DNNL_ARG_SRC, e.src}, {DNNL_ARG_DST, e.dst}});
  Stream().wait();
}

}  // namespace frontier
