// Pure C++ kernels over oneDNN. No N-API here: every function takes plain
// structs and raw float pointers, so this layer can be unit-tested from C++.
#pragma once
#include <cstdint>
#include <string>

namespace frontier {

// Activation codes shared with TypeScript (src/native-binding.ts keeps the same list).
enum Activation : int32_t {
  kActNone = 0,
  kActRelu = 1,
  kActRelu6 = 2,
  kActElu = 3,
  kActSigmoid = 4,
  kActLeakyRelu = 5,
  kActTanh = 6,
};

struct MatMulParams {
  int64_t batchA, batchB;  // 1 means broadcast over the other's batch
  int64_t m, k, n;
  bool transposeA, transposeB;
  bool hasBias;           // bias has n elements, added to every row
  int32_t activation;
  float alpha;            // leaky relu slope
};
void MatMul(const MatMulParams& p, const float* a, const float* b, const float* bias, float* c);

struct ConvParams {
  int64_t n, h, w, c;       // input NHWC
  int64_t oh, ow, oc;       // output NHWC
  int64_t kh, kw;
  int64_t strideH, strideW;
  int64_t dilationH, dilationW;  // tfjs convention: 1 = dense
  int64_t padTop, padLeft, padBottom, padRight;
  bool depthwise;           // filter [kh, kw, c, mult], oc = c * mult
  bool hasBias;
  int32_t activation;
  float alpha;
};
void ConvForward(const ConvParams& p, const float* x, const float* filter, const float* bias, float* y);
void ConvBackwardData(const ConvParams& p, const float* dy, const float* filter, float* dx);
void ConvBackwardFilter(const ConvParams& p, const float* x, const float* dy, float* dfilter);

struct PoolParams {
  bool isMax;               // else average, padding excluded from the count
  int64_t n, h, w, c, oh, ow;
  int64_t kh, kw, strideH, strideW;
  int64_t padTop, padLeft, padBottom, padRight;
};
void PoolForward(const PoolParams& p, const float* x, float* y);
void PoolBackward(const PoolParams& p, const float* x, const float* dy, float* dx);

// Unary element-wise ops.
enum EltwiseOp : int32_t {
  kEltRelu = 0, kEltRelu6 = 1, kEltElu = 2, kEltSigmoid = 3, kEltLeakyRelu = 4,
  kEltTanh = 5, kEltExp = 6, kEltLog = 7, kEltSqrt = 8, kEltSquare = 9, kEltAbs = 10,
  kEltStep = 11, kEltNeg = 12, kEltFloor = 13,
};
void Eltwise(int32_t op, int64_t size, const float* x, float* y, float alpha);
// Gradients: kEltElu takes the forward output y (tfjs EluGrad), the others take x.
void EltwiseGrad(int32_t op, int64_t size, const float* xOrY, const float* dy, float* dx, float alpha);

void Softmax(int64_t rows, int64_t cols, const float* x, float* y, bool log);

enum BinaryOp : int32_t {
  kBinAdd = 0, kBinSub = 1, kBinMul = 2, kBinDiv = 3, kBinMax = 4, kBinMin = 5, kBinSquaredDiff = 6,
};
// Broadcasting binary op; shapes are already right-aligned to rank `rank` (<= 8).
void Binary(int32_t op, int32_t rank, const int64_t* aShape, const float* a, const int64_t* bShape,
            const float* b, const int64_t* outShape, float* out);

// Per-channel affine map of x viewed as [rows, channels]: out = (x − mean[c])·scale[c] + offset[c]
// (batch normalization with scale = γ/√(σ² + ε) folded per channel).
void ChannelAffine(int64_t rows, int64_t channels, const float* x, const float* mean, const float* scale,
                   const float* offset, float* out);

// Per-channel sums over the rows of x and dy viewed as [rows, channels], in double:
// sumDy[c] = Σ dy, sumDyXm[c] = Σ dy·(x − mean[c]) (what a batch-norm gradient needs).
void ChannelGradSums(int64_t rows, int64_t channels, const float* x, const float* dy, const float* mean,
                     double* sumDy, double* sumDyXm);

enum ReduceOp : int32_t { kRedSum = 0, kRedMean = 1, kRedMax = 2, kRedMin = 3 };
// Reduces `x` of `shape` to `outShape` (same rank, reduced dims are 1).
void Reduce(int32_t op, int32_t rank, const int64_t* shape, const int64_t* outShape, const float* x, float* y);

// Index of the maximum (isMax) or minimum along the middle axis of x viewed as
// [outer, n, inner] (n >= 1); out is [outer, inner]. tfjs-cpu semantics: first
// index on ties, a NaN at index 0 wins, NaNs elsewhere are skipped.
void ArgReduce(bool isMax, int64_t outer, int64_t n, int64_t inner, const float* x, int32_t* out);

// Permutes a tensor of `shape` so that out dim i is input dim perm[i].
void Transpose(int32_t rank, const int64_t* shape, const int32_t* perm, const float* x, float* y);

struct AdamParams {
  float lr, beta1, beta2, epsilon;
  float oneMinusBeta1, oneMinusBeta2;       // 1 - beta, as tfjs rounds them (float32)
  float oneMinusAccBeta1, oneMinusAccBeta2;  // 1 - beta^t in float32
};
// In place: param, m, v updated exactly as tf.train.adam's op sequence does.
void AdamUpdate(const AdamParams& p, int64_t size, float* param, float* m, float* v, const float* grad);
// AdamW (decoupled weight decay, torch.optim.AdamW): param *= keep (keep = 1 - lr * weightDecay,
// rounded to float32), then the Adam step above on the decayed param.
void AdamWUpdate(const AdamParams& p, float keep, int64_t size, float* param, float* m, float* v,
                 const float* grad);

struct MomentumParams { float lr, momentum; bool nesterov; };
void MomentumUpdate(const MomentumParams& p, int64_t size, float* param, float* accum, const float* grad);

struct RmspropParams {
  float lr, decay, oneMinusDecay, momentum, epsilon;
  bool centered;  // meanGrad is used (and updated) only when centered
};
void RmspropUpdate(const RmspropParams& p, int64_t size, float* param, float* meanSquare, float* moment,
                   float* meanGrad, const float* grad);

// Times `iterations` sgemm m*k by k*n calls straight through oneDNN; returns seconds.
double SgemmBench(int64_t m, int64_t n, int64_t k, int32_t iterations);

std::string VersionString();
int32_t MaxThreads();
// Threads for oneDNN and the OpenMP loops of later calls from this thread.
void SetThreads(int32_t threads);
// Keeps large freed blocks in the malloc heap instead of returning them to the
// OS, so each new tensor buffer does not pay ~1 ms of page faults per 3 MB.
// Process-wide (glibc mallopt); returns false where unsupported.
bool TuneAllocator();
int64_t CachedPrimitiveCount();
void ClearPrimitiveCache();
// Implementation name oneDNN chose for the last created conv primitive (diagnostics).
std::string LastConvImpl();

}  // namespace frontier
