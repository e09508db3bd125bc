// Reductions (plain C++: oneDNN 2.6's reduction falls back to a slow reference
// kernel for the NHWC bias-gradient shapes) and transposes (a strided oneDNN reorder).
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "context.h"
#include "kernels.h"

namespace frontier {

namespace {
struct TransposeEntry {
  dnnl::reorder prim;
  dnnl::memory src, dst;
};

// Sum/mean accumulate in double (as the tfjs cpu kernels do in JS numbers);
// max/min propagate NaN like tfjs.
template <int Op>
struct Acc;
template <>
struct Acc<kRedSum> {
  double v = 0;
  void Add(float x) { v += x; }
  float Get(int64_t) const { return static_cast<float>(v); }
};
template <>
struct Acc<kRedMean> {
  double v = 0;
  void Add(float x) { v += x; }
  float Get(int64_t n) const { return static_cast<float>(v / static_cast<double>(n)); }
};
template <>
struct Acc<kRedMax> {
  float v = -INFINITY;
  void Add(float x) {
    if (std::isnan(x) || x > v) v = x;
  }
  float Get(int64_t) const { return v; }
};
template <>
struct Acc<kRedMin> {
  float v = INFINITY;
  void Add(float x) {
    if (std::isnan(x) || x < v) v = x;
  }
  float Get(int64_t) const { return v; }
};

// Collapsed view: [outer (kept), reduced, inner (kept)] after merging
// adjacent dimensions; anything that does not collapse to that takes the
// general strided walk.
template <int Op>
void ReduceImpl(int32_t rank, const int64_t* shape, const int64_t* outShape, const float* x, float* y) {
  std::vector<std::pair<int64_t, bool>> dims;  // (size, reduced)
  for (int i = 0; i < rank; ++i) {
    if (shape[i] == 1) continue;
    const bool red = outShape[i] == 1;
    if (!dims.empty() && dims.back().second == red) dims.back().first *= shape[i];
    else dims.emplace_back(shape[i], red);
  }
  int64_t outer = 1, reduced = 1, inner = 1;
  size_t k = 0;
  if (k < dims.size() && !dims[k].second) outer = dims[k++].first;
  if (k < dims.size() && dims[k].second) reduced = dims[k++].first;
  if (k < dims.size() && !dims[k].second) inner = dims[k++].first;
  if (k == dims.size()) {
#pragma omp parallel for schedule(static) if (outer * reduced * inner > 262144 && outer > 1)
    for (int64_t o = 0; o < outer; ++o) {
      const float* base = x + o * reduced * inner;
      if (inner == 1) {
        Acc<Op> acc;
        for (int64_t r = 0; r < reduced; ++r) acc.Add(base[r]);
        y[o] = acc.Get(reduced);
      } else {
        std::vector<Acc<Op>> acc(static_cast<size_t>(inner));
        for (int64_t r = 0; r < reduced; ++r) {
          const float* row = base + r * inner;
          for (int64_t i = 0; i < inner; ++i) acc[i].Add(row[i]);
        }
        for (int64_t i = 0; i < inner; ++i) y[o * inner + i] = acc[i].Get(reduced);
      }
    }
    return;
  }
  // General case: walk the input in order, output offset from kept-dim strides.
  int64_t outTotal = 1, total = 1;
  std::vector<int64_t> outStride(rank, 0);
  for (int i = rank - 1; i >= 0; --i) {
    outStride[i] = outShape[i] == 1 ? 0 : outTotal;
    outTotal *= outShape[i];
    total *= shape[i];
  }
  std::vector<Acc<Op>> acc(static_cast<size_t>(outTotal));
  std::vector<int64_t> idx(rank, 0);
  int64_t off = 0;
  for (int64_t e = 0; e < total; ++e) {
    acc[off].Add(x[e]);
    for (int d = rank - 1; d >= 0; --d) {
      off += outStride[d];
      if (++idx[d] < shape[d]) break;
      off -= outStride[d] * shape[d];
      idx[d] = 0;
    }
  }
  const int64_t count = total / outTotal;
  for (int64_t o = 0; o < outTotal; ++o) y[o] = acc[o].Get(count);
}
}  // namespace

void Reduce(int32_t op, int32_t rank, const int64_t* shape, const int64_t* outShape, const float* x, float* y) {
  switch (op) {
    case kRedSum: return ReduceImpl<kRedSum>(rank, shape, outShape, x, y);
    case kRedMean: return ReduceImpl<kRedMean>(rank, shape, outShape, x, y);
    case kRedMax: return ReduceImpl<kRedMax>(rank, shape, outShape, x, y);
    case kRedMin: return ReduceImpl<kRedMin>(rank, shape, outShape, x, y);
    default: throw std::invalid_argument("unknown reduce op code " + std::to_string(op));
  }
}

void Transpose(int32_t rank, const int64_t* shape, const int32_t* perm, const float* x, float* y) {
  std::string key = MakeKey("transpose", {rank});
  for (int i = 0; i < rank; ++i) key += ":" + std::to_string(shape[i]) + "/" + std::to_string(perm[i]);
  auto& e = Cached<TransposeEntry>(key, [&]() {
    std::vector<int64_t> inStrides(rank);
    int64_t s = 1;
    for (int i = rank - 1; i >= 0; --i) {
      inStrides[i] = s;
      s *= shape[i];
    }
    dnnl::memory::dims outDims(rank), srcStrides(rank);
    for (int i = 0; i < rank; ++i) {
      outDims[i] = shape[perm[i]];
      srcStrides[i] = inStrides[perm[i]];
    }
    dnnl::memory::desc srcMd(outDims, dnnl::memory::data_type::f32, srcStrides);
    auto dstMd = PlainDesc(std::vector<int64_t>(outDims.begin(), outDims.end()));
    auto en = std::make_shared<TransposeEntry>();
    en->src = dnnl::memory(srcMd, Engine(), DNNL_MEMORY_NONE);
    en->dst = dnnl::memory(dstMd, Engine(), DNNL_MEMORY_NONE);
    en->prim = dnnl::reorder(en->src, en->dst);
    return en;
  });
  e.src.set_data_handle(const_cast<float*>(x));
  e.dst.set_data_handle(y);
  e.prim.execute(Stream(), {{DNNL_ARG_FROM, e.src}, {DNNL_ARG_TO, e.dst}});
  Stream().wait();
}

}  // namespace frontier
