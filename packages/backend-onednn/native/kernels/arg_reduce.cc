// ArgMax / ArgMin along one axis, with tfjs-cpu's exact semantics: the scan
// starts from the first element and only a strictly greater (smaller) value
// replaces it, so ties give the first index, a NaN in first position wins (no
// comparison with NaN is true), and a NaN anywhere else is skipped.
#include <vector>

#include "kernels.h"

namespace frontier {

namespace {
constexpr int64_t kParallelThreshold = 262144;

template <bool kMax>
inline bool Better(float v, float best) {
  return kMax ? v > best : v < best;
}

template <bool kMax>
void ArgReduceImpl(int64_t outer, int64_t n, int64_t inner, const float* x, int32_t* out) {
#pragma omp parallel for schedule(static) if (outer * n * inner > kParallelThreshold && outer > 1)
  for (int64_t o = 0; o < outer; ++o) {
    const float* base = x + o * n * inner;
    int32_t* idx = out + o * inner;
    if (inner == 1) {
      float best = base[0];
      int32_t at = 0;
      for (int64_t j = 1; j < n; ++j) {
        if (Better<kMax>(base[j], best)) {
          best = base[j];
          at = static_cast<int32_t>(j);
        }
      }
      idx[0] = at;
      continue;
    }
    // Axis not innermost: sweep rows of `inner` contiguous values, keeping the best of each column.
    std::vector<float> best(base, base + inner);
    for (int64_t i = 0; i < inner; ++i) idx[i] = 0;
    for (int64_t j = 1; j < n; ++j) {
      const float* row = base + j * inner;
      for (int64_t i = 0; i < inner; ++i) {
        if (Better<kMax>(row[i], best[i])) {
          best[i] = row[i];
          idx[i] = static_cast<int32_t>(j);
        }
      }
    }
  }
}
}  // namespace

void ArgReduce(bool isMax, int64_t outer, int64_t n, int64_t inner, const float* x, int32_t* out) {
  if (isMax) {
    ArgReduceImpl<true>(outer, n, inner, x, out);
  } else {
    ArgReduceImpl<false>(outer, n, inner, x, out);
  }
}

}  // namespace frontier
