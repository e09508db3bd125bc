// Broadcasting binary ops. Plain C++ (oneDNN's binary primitive cannot broadcast
// its first input); rows are split across OpenMP threads, inner loops vectorize.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels.h"

namespace frontier {

namespace {
constexpr int kMaxRank = 8;

template <int Op>
inline float Apply(float a, float b) {
  if constexpr (Op == kBinAdd) return a + b;
  if constexpr (Op == kBinSub) return a - b;
  if constexpr (Op == kBinMul) return a * b;
  if constexpr (Op == kBinDiv) return a / b;
  if constexpr (Op == kBinMax) return (a > b || std::isnan(a)) ? a : b;
  if constexpr (Op == kBinMin) return (a < b || std::isnan(a)) ? a : b;
  if constexpr (Op == kBinSquaredDiff) return (a - b) * (a - b);
  return 0.f;
}

template <int Op>
void Run(int32_t rank, const int64_t* aShape, const float* a, const int64_t* bShape, const float* b,
         const int64_t* outShape, float* out) {
  int64_t total = 1;
  bool same = true;
  for (int i = 0; i < rank; ++i) {
    total *= outShape[i];
    same = same && aShape[i] == outShape[i] && bShape[i] == outShape[i];
  }
  if (total == 0) return;
  if (same) {
#pragma omp parallel for schedule(static) if (total > 32768)
    for (int64_t i = 0; i < total; ++i) out[i] = Apply<Op>(a[i], b[i]);
    return;
  }
  // Merge neighbouring dims that broadcast the same way for both operands
  // ([32,26,26,32] + [32] becomes [21632,32] + [1,32]) so rows are long and few.
  int64_t od[kMaxRank], ad[kMaxRank], bd[kMaxRank];
  int r = 0;
  bool lastA = false, lastB = false;
  for (int i = 0; i < rank; ++i) {
    if (outShape[i] == 1) continue;
    const bool aB = aShape[i] == 1, bB = bShape[i] == 1;
    if (r > 0 && aB == lastA && bB == lastB) {
      od[r - 1] *= outShape[i];
      ad[r - 1] *= aShape[i];
      bd[r - 1] *= bShape[i];
    } else {
      od[r] = outShape[i];
      ad[r] = aShape[i];
      bd[r] = bShape[i];
      ++r;
    }
    lastA = aB;
    lastB = bB;
  }
  if (r == 0) {
    out[0] = Apply<Op>(a[0], b[0]);
    return;
  }
  // Element strides, 0 along broadcast dimensions.
  int64_t aStride[kMaxRank], bStride[kMaxRank];
  int64_t as = 1, bs = 1;
  for (int i = r - 1; i >= 0; --i) {
    aStride[i] = ad[i] == 1 ? 0 : as;
    bStride[i] = bd[i] == 1 ? 0 : bs;
    as *= ad[i];
    bs *= bd[i];
  }
  const int64_t inner = od[r - 1];
  const int64_t rows = total / inner;
  const int64_t ai = aStride[r - 1], bi = bStride[r - 1];
#pragma omp parallel if (total > 32768)
  {
    const int64_t threads = omp_get_num_threads(), t = omp_get_thread_num();
    const int64_t chunk = (rows + threads - 1) / threads;
    const int64_t begin = std::min(rows, t * chunk), end = std::min(rows, begin + chunk);
    // Odometer over the outer dims, started at row `begin`.
    int64_t idx[kMaxRank] = {0}, aOff = 0, bOff = 0, rem = begin;
    for (int d = r - 2; d >= 0; --d) {
      idx[d] = rem % od[d];
      rem /= od[d];
      aOff += idx[d] * aStride[d];
      bOff += idx[d] * bStride[d];
    }
    for (int64_t row = begin; row < end; ++row) {
      float* o = out + row * inner;
      const float* pa = a + aOff;
      const float* pb = b + bOff;
      if (ai != 0 && bi != 0) {
        for (int64_t j = 0; j < inner; ++j) o[j] = Apply<Op>(pa[j], pb[j]);
      } else if (ai != 0) {
        const float vb = pb[0];
        for (int64_t j = 0; j < inner; ++j) o[j] = Apply<Op>(pa[j], vb);
      } else if (bi != 0) {
        const float va = pa[0];
        for (int64_t j = 0; j < inner; ++j) o[j] = Apply<Op>(va, pb[j]);
      } else {
        const float v = Apply<Op>(pa[0], pb[0]);
        for (int64_t j = 0; j < inner; ++j) o[j] = v;
      }
      for (int d = r - 2; d >= 0; --d) {
        aOff += aStride[d];
        bOff += bStride[d];
        if (++idx[d] < od[d]) break;
        aOff -= aStride[d] * od[d];
        bOff -= bStride[d] * od[d];
        idx[d] = 0;
      }
    }
  }
}
}  // namespace

void Binary(int32_t op, int32_t rank, const int64_t* aShape, const float* a, const int64_t* bShape, const float* b,
            const int64_t* outShape, float* out) {
  if (rank > kMaxRank) throw std::invalid_argument("binary op rank " + std::to_string(rank) + " exceeds 8");
  switch (op) {
    case kBinAdd: return Run<kBinAdd>(rank, aShape, a, bShape, b, outShape, out);
    case kBinSub: return Run<kBinSub>(rank, aShape, a, bShape, b, outShape, out);
    case kBinMul: return Run<kBinMul>(rank, aShape, a, bShape, b, outShape, out);
    case kBinDiv: return Run<kBinDiv>(rank, aShape, a, bShape, b, outShape, out);
    case kBinMax: return Run<kBinMax>(rank, aShape, a, bShape, b, outShape, out);
    case kBinMin: return Run<kBinMin>(rank, aShape, a, bShape, b, outShape, out);
    case kBinSquaredDiff: return Run<kBinSquaredDiff>(rank, aShape, a, bShape, b, outShape, out);
    default: throw std::invalid_argument("unknown binary op code " + std::to_string(op));
  }
}

void ChannelAffine(int64_t rows, int64_t channels, const float* x, const float* mean, const float* scale,
                   const float* offset, float* out) {
#pragma omp parallel for schedule(static) if (rows * channels > 32768)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* yr = out + r * channels;
    for (int64_t c = 0; c < channels; c++) yr[c] = (xr[c] - mean[c]) * scale[c] + offset[c];
  }
}

void ChannelGradSums(int64_t rows, int64_t channels, const float* x, const float* dy, const float* mean,
                     double* sumDy, double* sumDyXm) {
  std::fill(sumDy, sumDy + channels, 0.0);
  std::fill(sumDyXm, sumDyXm + channels, 0.0);
#pragma omp parallel if (rows * channels > 32768)
  {
    std::vector<double> a(channels, 0.0), b(channels, 0.0);
#pragma omp for schedule(static) nowait
    for (int64_t r = 0; r < rows; r++) {
      const float* xr = x + r * channels;
      const float* gr = dy + r * channels;
      for (int64_t c = 0; c < channels; c++) {
        a[c] += gr[c];
        b[c] += static_cast<double>(gr[c]) * (xr[c] - mean[c]);
      }
    }
#pragma omp critical
    for (int64_t c = 0; c < channels; c++) {
      sumDy[c] += a[c];
      sumDyXm[c] += b[c];
    }
  }
}

}  // namespace frontier
