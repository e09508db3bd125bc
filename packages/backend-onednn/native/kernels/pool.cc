// Max / average pooling, NHWC: forward and average backward through oneDNN,
// max backward as one C++ pass (tfjs' MaxPoolGrad receives x, not an argmax
// workspace, and oneDNN would need a second forward to rebuild one).
#include <algorithm>
#include <cmath>
#include <vector>

#include "context.h"
#include "kernels.h"

namespace frontier {

namespace {
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

std::string Key(const char* kind, const PoolParams& p) {
  return MakeKey(kind, {p.isMax, p.n, p.h, p.w, p.c, p.oh, p.ow, p.kh, p.kw, p.strideH, p.strideW, p.padTop,
                        p.padLeft, p.padBottom, p.padRight});
}

// Forward average pooling excludes padding (tfjs AvgPool divides by the in-bounds
// count); tfjs' AvgPoolGrad divides by the full window, so backward includes it.
dnnl::pooling_forward::primitive_desc FwdPd(const PoolParams& p, dnnl::prop_kind prop, dnnl::algorithm alg) {
  dnnl::memory::desc src({p.n, p.c, p.h, p.w}, dt::f32, tag::nhwc), dst({p.n, p.c, p.oh, p.ow}, dt::f32, tag::nhwc);
  return {{prop, alg, src, dst, {p.strideH, p.strideW}, {p.kh, p.kw}, {p.padTop, p.padLeft},
           {p.padBottom, p.padRight}},
          Engine()};
}

struct FwdEntry {
  dnnl::pooling_forward prim;
  dnnl::memory src, dst;
};

struct BwdEntry {
  dnnl::pooling_forward fwd;
  dnnl::pooling_backward bwd;
  dnnl::memory src, dstScratch, workspace, diffDst, diffSrc;
  bool isMax;
};
}  // namespace

void PoolForward(const PoolParams& p, const float* x, float* y) {
  auto& e = Cached<FwdEntry>(Key("poolf", p), [&]() {
    auto alg = p.isMax ? dnnl::algorithm::pooling_max : dnnl::algorithm::pooling_avg_exclude_padding;
    auto pd = FwdPd(p, dnnl::prop_kind::forward_inference, alg);
    auto en = std::make_shared<FwdEntry>();
    en->prim = dnnl::pooling_forward(pd);
    en->src = dnnl::memory(pd.src_desc(), Engine(), DNNL_MEMORY_NONE);
    en->dst = dnnl::memory(pd.dst_desc(), Engine(), DNNL_MEMORY_NONE);
    return en;
  });
  e.src.set_data_handle(const_cast<float*>(x));
  e.dst.set_data_handle(y);
  e.prim.execute(Stream(), {{DNNL_ARG_SRC, e.src}, {DNNL_ARG_DST, e.dst}});
  Stream().wait();
}

namespace {
// One image; cloned for AVX-512/AVX2 (the select-heavy channel loop is ~5x
// faster than with baseline SSE2), picked at load time.
__attribute__((target_clones("avx512f", "avx2", "default"))) void MaxPoolBackwardImage(
    const PoolParams& p, const float* __restrict xn, const float* __restrict dyn, float* __restrict dxn,
    float* __restrict best, int32_t* __restrict where) {
  const int64_t C = p.c;
  for (int64_t oh = 0; oh < p.oh; ++oh) {
    const int64_t h0 = std::max<int64_t>(0, oh * p.strideH - p.padTop);
    const int64_t h1 = std::min<int64_t>(p.h, oh * p.strideH - p.padTop + p.kh);
    for (int64_t ow = 0; ow < p.ow; ++ow) {
      const int64_t w0 = std::max<int64_t>(0, ow * p.strideW - p.padLeft);
      const int64_t w1 = std::min<int64_t>(p.w, ow * p.strideW - p.padLeft + p.kw);
      if (h0 >= h1 || w0 >= w1) continue;
      const int32_t first = static_cast<int32_t>((h0 * p.w + w0) * C);
      for (int64_t c = 0; c < C; ++c) {
        best[c] = xn[first + c];
        where[c] = first + static_cast<int32_t>(c);
      }
      for (int64_t ih = h0; ih < h1; ++ih) {
        for (int64_t iw = (ih == h0 ? w0 + 1 : w0); iw < w1; ++iw) {
          const int32_t pos = static_cast<int32_t>((ih * p.w + iw) * C);
          const float* px = xn + pos;
          for (int64_t c = 0; c < C; ++c) {
            const float v = px[c];
            const bool greater = v > best[c];
            best[c] = greater ? v : best[c];
            where[c] = greater ? pos + static_cast<int32_t>(c) : where[c];
          }
        }
      }
      const float* g = dyn + (oh * p.ow + ow) * C;
      for (int64_t c = 0; c < C; ++c) dxn[where[c]] += g[c];
    }
  }
}

// Max-pool backward in one pass over the input: per window and channel the
// first maximum in row-major order receives dy (the tfjs cpu tie-break).
// Cheaper than oneDNN's forward-with-workspace + backward pair, and exact.
void MaxPoolBackward(const PoolParams& p, const float* x, const float* dy, float* dx) {
  const int64_t C = p.c, image = p.h * p.w * C;
  std::fill(dx, dx + p.n * image, 0.f);
#pragma omp parallel if (p.n * image > 65536)
  {
    std::vector<float> best(C);
    std::vector<int32_t> where(C);  // offsets within one image (< 2^31 elements)
#pragma omp for schedule(static)
    for (int64_t n = 0; n < p.n; ++n) {
      MaxPoolBackwardImage(p, x + n * image, dy + n * p.oh * p.ow * C, dx + n * image, best.data(), where.data());
    }
  }
}
}  // namespace

void PoolBackward(const PoolParams& p, const float* x, const float* dy, float* dx) {
  if (p.isMax) {
    MaxPoolBackward(p, x, dy, dx);
    return;
  }
  auto& e = Cached<BwdEntry>(Key("poolb", p), [&]() {
    auto alg = p.isMax ? dnnl::algorithm::pooling_max : dnnl::algorithm::pooling_avg_include_padding;
    auto fpd = FwdPd(p, dnnl::prop_kind::forward_training, alg);
    dnnl::memory::desc diffSrc({p.n, p.c, p.h, p.w}, dt::f32, tag::nhwc);
    dnnl::memory::desc diffDst({p.n, p.c, p.oh, p.ow}, dt::f32, tag::nhwc);
    dnnl::pooling_backward::primitive_desc bpd(
        {alg, diffSrc, diffDst, {p.strideH, p.strideW}, {p.kh, p.kw}, {p.padTop, p.padLeft},
         {p.padBottom, p.padRight}},
        Engine(), fpd);
    auto en = std::make_shared<BwdEntry>();
    en->isMax = p.isMax;
    en->bwd = dnnl::pooling_backward(bpd);
    en->diffDst = dnnl::memory(bpd.diff_dst_desc(), Engine(), DNNL_MEMORY_NONE);
    en->diffSrc = dnnl::memory(bpd.diff_src_desc(), Engine(), DNNL_MEMORY_NONE);
    if (p.isMax) {
      en->fwd = dnnl::pooling_forward(fpd);
      en->src = dnnl::memory(fpd.src_desc(), Engine(), DNNL_MEMORY_NONE);
      en->dstScratch = dnnl::memory(fpd.dst_desc(), Engine());
      en->workspace = dnnl::memory(fpd.workspace_desc(), Engine());
    }
    return en;
  });
  std::unordered_map<int, dnnl::memory> bargs{{DNNL_ARG_DIFF_DST, e.diffDst}, {DNNL_ARG_DIFF_SRC, e.diffSrc}};
  if (e.isMax) {
    e.src.set_data_handle(const_cast<float*>(x));
    e.fwd.execute(Stream(), {{DNNL_ARG_SRC, e.src}, {DNNL_ARG_DST, e.dstScratch}, {DNNL_ARG_WORKSPACE, e.workspace}});
    bargs[DNNL_ARG_WORKSPACE] = e.workspace;
  }
  e.diffDst.set_data_handle(const_cast<float*>(dy));
  e.diffSrc.set_data_handle(dx);
  e.bwd.execute(Stream(), bargs);
  Stream().wait();
}

}  // namespace frontier
