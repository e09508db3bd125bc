// The N-API surface: unpack arguments into plain structs, call native/kernels,
// translate C++/oneDNN exceptions into JS errors. Mirrors src/native-binding.ts.
#include "binding.h"

#include <cstdlib>
#include <exception>
#include <functional>

#include "../kernels/kernels.h"
#include "args.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace frontier {

namespace {

using Fn = std::function<Napi::Value(const Napi::CallbackInfo&)>;

// Wraps a function so oneDNN and std exceptions surface as JS errors naming the call.
Napi::Function Wrap(Napi::Env env, const char* name, Fn fn) {
  return Napi::Function::New(
      env,
      [name, fn](const Napi::CallbackInfo& info) -> Napi::Value {
        try {
          return fn(info);
        } catch (const Napi::Error&) {
          throw;
        } catch (const dnnl::error& e) {
          throw Napi::Error::New(info.Env(), std::string("onednn ") + name + ": oneDNN error " +
                                                 std::to_string(static_cast<int>(e.status)) + ": " + e.what());
        } catch (const std::exception& e) {
          throw Napi::Error::New(info.Env(), std::string("onednn ") + name + ": " + e.what());
        }
      },
      name);
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  auto o = Napi::Object::New(info.Env());
  o.Set("onednnVersion", VersionString());
  o.Set("threads", MaxThreads());
  o.Set("cachedPrimitives", static_cast<double>(CachedPrimitiveCount()));
  o.Set("lastConvImpl", LastConvImpl());
  return o;
}

// params: [batchA, batchB, m, k, n, transposeA, transposeB, activation, alpha]
Napi::Value MatMulFn(const Napi::CallbackInfo& info) {
  auto q = Doubles(info, 4, "params", 9);
  MatMulParams p{static_cast<int64_t>(q[0]), static_cast<int64_t>(q[1]), static_cast<int64_t>(q[2]),
                 static_cast<int64_t>(q[3]), static_cast<int64_t>(q[4]), q[5] != 0, q[6] != 0, false,
                 static_cast<int32_t>(q[7]), static_cast<float>(q[8])};
  auto a = Floats(info, 0, "a", p.batchA * p.m * p.k);
  auto b = Floats(info, 1, "b", p.batchB * p.k * p.n);
  auto bias = Floats(info, 2, "bias", p.n, true);
  p.hasBias = bias.data != nullptr;
  auto c = Floats(info, 3, "out", std::max(p.batchA, p.batchB) * p.m * p.n);
  MatMul(p, a.data, b.data, bias.data, c.data);
  return info.Env().Undefined();
}

// params: [n,h,w,c, oh,ow,oc, kh,kw, strideH,strideW, dilationH,dilationW,
//          padTop,padLeft,padBottom,padRight, depthwise, activation, alpha]
ConvParams ConvFromArray(const Napi::CallbackInfo& info, size_t i) {
  auto q = Doubles(info, i, "params", 20);
  ConvParams p{};
  int64_t* fields[] = {&p.n, &p.h, &p.w, &p.c, &p.oh, &p.ow, &p.oc, &p.kh, &p.kw, &p.strideH, &p.strideW,
                       &p.dilationH, &p.dilationW, &p.padTop, &p.padLeft, &p.padBottom, &p.padRight};
  for (size_t k = 0; k < 17; ++k) *fields[k] = static_cast<int64_t>(q[k]);
  p.depthwise = q[17] != 0;
  p.activation = static_cast<int32_t>(q[18]);
  p.alpha = static_cast<float>(q[19]);
  return p;
}

int64_t FilterSize(const ConvParams& p) { return p.kh * p.kw * (p.depthwise ? p.oc : p.c * p.oc); }

Napi::Value Conv2dFn(const Napi::CallbackInfo& info) {
  auto p = ConvFromArray(info, 4);
  auto x = Floats(info, 0, "x", p.n * p.h * p.w * p.c);
  auto f = Floats(info, 1, "filter", FilterSize(p));
  auto bias = Floats(info, 2, "bias", p.oc, true);
  p.hasBias = bias.data != nullptr;
  auto y = Floats(info, 3, "out", p.n * p.oh * p.ow * p.oc);
  ConvForward(p, x.data, f.data, bias.data, y.data);
  return info.Env().Undefined();
}

Napi::Value Conv2dBackpropInputFn(const Napi::CallbackInfo& info) {
  auto p = ConvFromArray(info, 3);
  auto dy = Floats(info, 0, "dy", p.n * p.oh * p.ow * p.oc);
  auto f = Floats(info, 1, "filter", FilterSize(p));
  auto dx = Floats(info, 2, "out", p.n * p.h * p.w * p.c);
  ConvBackwardData(p, dy.data, f.data, dx.data);
  return info.Env().Undefined();
}

Napi::Value Conv2dBackpropFilterFn(const Napi::CallbackInfo& info) {
  auto p = ConvFromArray(info, 3);
  auto x = Floats(info, 0, "x", p.n * p.h * p.w * p.c);
  auto dy = Floats(info, 1, "dy", p.n * p.oh * p.ow * p.oc);
  auto df = Floats(info, 2, "out", FilterSize(p));
  ConvBackwardFilter(p, x.data, dy.data, df.data);
  return info.Env().Undefined();
}

// params: [isMax, n,h,w,c, oh,ow, kh,kw, strideH,strideW, padTop,padLeft,padBottom,padRight]
PoolParams PoolFromArray(const Napi::CallbackInfo& info, size_t i) {
  auto q = Doubles(info, i, "params", 15);
  PoolParams p{};
  p.isMax = q[0] != 0;
  int64_t* fields[] = {&p.n, &p.h, &p.w, &p.c, &p.oh, &p.ow, &p.kh, &p.kw, &p.strideH, &p.strideW,
                       &p.padTop, &p.padLeft, &p.padBottom, &p.padRight};
  for (size_t k = 0; k < 14; ++k) *fields[k] = static_cast<int64_t>(q[k + 1]);
  return p;
}

Napi::Value PoolFn(const Napi::CallbackInfo& info) {
  auto p = PoolFromArray(info, 2);
  auto x = Floats(info, 0, "x", p.n * p.h * p.w * p.c);
  auto y = Floats(info, 1, "out", p.n * p.oh * p.ow * p.c);
  PoolForward(p, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value PoolGradFn(const Napi::CallbackInfo& info) {
  auto p = PoolFromArray(info, 3);
  auto x = Floats(info, 0, "x", p.isMax ? p.n * p.h * p.w * p.c : 0);
  auto dy = Floats(info, 1, "dy", p.n * p.oh * p.ow * p.c);
  auto dx = Floats(info, 2, "out", p.n * p.h * p.w * p.c);
  PoolBackward(p, x.data, dy.data, dx.data);
  return info.Env().Undefined();
}

Napi::Value EltwiseFn(const Napi::CallbackInfo& info) {
  const int32_t op = info[0].As<Napi::Number>().Int32Value();
  auto x = Floats(info, 1, "x", 0);
  auto y = Floats(info, 2, "out", x.length);
  Eltwise(op, static_cast<int64_t>(x.length), x.data, y.data, info[3].As<Napi::Number>().FloatValue());
  return info.Env().Undefined();
}

Napi::Value EltwiseGradFn(const Napi::CallbackInfo& info) {
  const int32_t op = info[0].As<Napi::Number>().Int32Value();
  auto x = Floats(info, 1, "xOrY", 0);
  auto dy = Floats(info, 2, "dy", x.length);
  auto dx = Floats(info, 3, "out", x.length);
  EltwiseGrad(op, static_cast<int64_t>(x.length), x.data, dy.data, dx.data, info[4].As<Napi::Number>().FloatValue());
  return info.Env().Undefined();
}

Napi::Value SoftmaxFn(const Napi::CallbackInfo& info) {
  const int64_t rows = info[2].As<Napi::Number>().Int64Value(), cols = info[3].As<Napi::Number>().Int64Value();
  auto x = Floats(info, 0, "x", rows * cols);
  auto y = Floats(info, 1, "out", rows * cols);
  Softmax(rows, cols, x.data, y.data, info[4].ToBoolean().Value());
  return info.Env().Undefined();
}

Napi::Value BinaryFn(const Napi::CallbackInfo& info) {
  const int32_t op = info[0].As<Napi::Number>().Int32Value();
  auto aShape = Ints(info, 2, "aShape", 0);
  auto bShape = Ints(info, 4, "bShape", aShape.size());
  auto outShape = Ints(info, 6, "outShape", aShape.size());
  auto a = Floats(info, 1, "a", Product(aShape));
  auto b = Floats(info, 3, "b", Product(bShape));
  auto out = Floats(info, 5, "out", Product(outShape));
  Binary(op, static_cast<int32_t>(aShape.size()), aShape.data(), a.data, bShape.data(), b.data, outShape.data(),
         out.data);
  return info.Env().Undefined();
}

Napi::Value ChannelAffineFn(const Napi::CallbackInfo& info) {
  const int64_t rows = info[1].As<Napi::Number>().Int64Value(), channels = info[2].As<Napi::Number>().Int64Value();
  auto x = Floats(info, 0, "x", rows * channels);
  auto mean = Floats(info, 3, "mean", channels);
  auto scale = Floats(info, 4, "scale", channels);
  auto offset = Floats(info, 5, "offset", channels);
  auto out = Floats(info, 6, "out", rows * channels);
  ChannelAffine(rows, channels, x.data, mean.data, scale.data, offset.data, out.data);
  return info.Env().Undefined();
}

Napi::Value ChannelGradSumsFn(const Napi::CallbackInfo& info) {
  const int64_t rows = info[2].As<Napi::Number>().Int64Value(), channels = info[3].As<Napi::Number>().Int64Value();
  auto x = Floats(info, 0, "x", rows * channels);
  auto dy = Floats(info, 1, "dy", rows * channels);
  auto mean = Floats(info, 4, "mean", channels);
  double* sumDy = Float64s(info, 5, "sumDy", channels);
  double* sumDyXm = Float64s(info, 6, "sumDyXm", channels);
  ChannelGradSums(rows, channels, x.data, dy.data, mean.data, sumDy, sumDyXm);
  return info.Env().Undefined();
}

Napi::Value ReduceFn(const Napi::CallbackInfo& info) {
  const int32_t op = info[0].As<Napi::Number>().Int32Value();
  auto shape = Ints(info, 2, "shape", 0);
  auto outShape = Ints(info, 3, "outShape", shape.size());
  auto x = Floats(info, 1, "x", Product(shape));
  auto y = Floats(info, 4, "out", Product(outShape));
  Reduce(op, static_cast<int32_t>(shape.size()), shape.data(), outShape.data(), x.data, y.data);
  return info.Env().Undefined();
}

// argReduce(isMax, x, [outer, n, inner], out Int32Array)
Napi::Value ArgReduceFn(const Napi::CallbackInfo& info) {
  const bool isMax = info[0].ToBoolean().Value();
  auto dims = Ints(info, 2, "dims", 3);
  if (dims[0] < 0 || dims[1] < 1 || dims[2] < 0) {
    throw Napi::RangeError::New(info.Env(), "argReduce: dims must be [outer >= 0, n >= 1, inner >= 0]");
  }
  auto x = Floats(info, 1, "x", Product(dims));
  auto out = Int32s(info, 3, "out", dims[0] * dims[2]);
  ArgReduce(isMax, dims[0], dims[1], dims[2], x.data, out.data);
  return info.Env().Undefined();
}

Napi::Value TransposeFn(const Napi::CallbackInfo& info) {
  auto shape = Ints(info, 1, "shape", 0);
  auto perm64 = Ints(info, 2, "perm", shape.size());
  std::vector<int32_t> perm(perm64.begin(), perm64.end());
  auto x = Floats(info, 0, "x", Product(shape));
  auto y = Floats(info, 3, "out", Product(shape));
  Transpose(static_cast<int32_t>(shape.size()), shape.data(), perm.data(), x.data, y.data);
  return info.Env().Undefined();
}

// Adam's params: [lr, beta1, beta2, epsilon, oneMinusBeta1, oneMinusBeta2, oneMinusAccBeta1,
// oneMinusAccBeta2]; AdamW's add keep = 1 - lr * weightDecay (float32).
Napi::Value AdamCall(const Napi::CallbackInfo& info, bool decoupled) {
  auto q = Doubles(info, 4, "params", decoupled ? 9 : 8);
  AdamParams p{};
  float* fields[] = {&p.lr, &p.beta1, &p.beta2, &p.epsilon, &p.oneMinusBeta1, &p.oneMinusBeta2,
                     &p.oneMinusAccBeta1, &p.oneMinusAccBeta2};
  for (size_t k = 0; k < 8; ++k) *fields[k] = static_cast<float>(q[k]);
  auto param = Floats(info, 0, "param", 0);
  auto m = Floats(info, 1, "m", param.length);
  auto v = Floats(info, 2, "v", param.length);
  auto g = Floats(info, 3, "grad", param.length);
  const auto size = static_cast<int64_t>(param.length);
  if (decoupled)
    AdamWUpdate(p, static_cast<float>(q[8]), size, param.data, m.data, v.data, g.data);
  else
    AdamUpdate(p, size, param.data, m.data, v.data, g.data);
  return info.Env().Undefined();
}

Napi::Value AdamUpdateFn(const Napi::CallbackInfo& info) { return AdamCall(info, false); }
Napi::Value AdamWUpdateFn(const Napi::CallbackInfo& info) { return AdamCall(info, true); }

// params: [lr, momentum, nesterov]
Napi::Value MomentumUpdateFn(const Napi::CallbackInfo& info) {
  auto q = Doubles(info, 3, "params", 3);
  MomentumParams p{static_cast<float>(q[0]), static_cast<float>(q[1]), q[2] != 0};
  auto param = Floats(info, 0, "param", 0);
  auto acc = Floats(info, 1, "accumulation", param.length);
  auto g = Floats(info, 2, "grad", param.length);
  MomentumUpdate(p, static_cast<int64_t>(param.length), param.data, acc.data, g.data);
  return info.Env().Undefined();
}

// params: [lr, decay, 1 - decay, momentum, epsilon, centered]
Napi::Value RmspropUpdateFn(const Napi::CallbackInfo& info) {
  auto q = Doubles(info, 5, "params", 6);
  RmspropParams p{static_cast<float>(q[0]), static_cast<float>(q[1]), static_cast<float>(q[2]),
                  static_cast<float>(q[3]), static_cast<float>(q[4]), q[5] != 0};
  auto param = Floats(info, 0, "param", 0);
  auto ms = Floats(info, 1, "meanSquare", param.length);
  auto mom = Floats(info, 2, "moment", param.length);
  auto mg = Floats(info, 3, "meanGrad", param.length, !p.centered);
  auto g = Floats(info, 4, "grad", param.length);
  RmspropUpdate(p, static_cast<int64_t>(param.length), param.data, ms.data, mom.data, mg.data, g.data);
  return info.Env().Undefined();
}

Napi::Value SgemmBenchFn(const Napi::CallbackInfo& info) {
  auto d = Ints(info, 0, "mnk", 3);
  const int32_t iterations = info[1].As<Napi::Number>().Int32Value();
  return Napi::Number::New(info.Env(), SgemmBench(d[0], d[1], d[2], iterations));
}

Napi::Value SetThreadsFn(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber() || info[0].As<Napi::Number>().Int32Value() < 1) {
    throw Napi::RangeError::New(info.Env(), "setThreads: expected a thread count >= 1");
  }
  SetThreads(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value TuneAllocatorFn(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), TuneAllocator());
}

Napi::Value ClearCacheFn(const Napi::CallbackInfo& info) {
  ClearPrimitiveCache();
  return info.Env().Undefined();
}

}  // namespace

void RegisterBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Wrap(env, "info", Info));
  exports.Set("matMul", Wrap(env, "matMul", MatMulFn));
  exports.Set("conv2d", Wrap(env, "conv2d", Conv2dFn));
  exports.Set("conv2dBackpropInput", Wrap(env, "conv2dBackpropInput", Conv2dBackpropInputFn));
  exports.Set("conv2dBackpropFilter", Wrap(env, "conv2dBackpropFilter", Conv2dBackpropFilterFn));
  exports.Set("pool", Wrap(env, "pool", PoolFn));
  exports.Set("poolGrad", Wrap(env, "poolGrad", PoolGradFn));
  exports.Set("eltwise", Wrap(env, "eltwise", EltwiseFn));
  exports.Set("eltwiseGrad", Wrap(env, "eltwiseGrad", EltwiseGradFn));
  exports.Set("softmax", Wrap(env, "softmax", SoftmaxFn));
  exports.Set("binary", Wrap(env, "binary", BinaryFn));
  exports.Set("channelAffine", Wrap(env, "channelAffine", ChannelAffineFn));
  exports.Set("channelGradSums", Wrap(env, "channelGradSums", ChannelGradSumsFn));
  exports.Set("reduce", Wrap(env, "reduce", ReduceFn));
  exports.Set("argReduce", Wrap(env, "argReduce", ArgReduceFn));
  exports.Set("transpose", Wrap(env, "transpose", TransposeFn));
  exports.Set("adamUpdate", Wrap(env, "adamUpdate", AdamUpdateFn));
  exports.Set("adamwUpdate", Wrap(env, "adamwUpdate", AdamWUpdateFn));
  exports.Set("momentumUpdate", Wrap(env, "momentumUpdate", MomentumUpdateFn));
  exports.Set("rmspropUpdate", Wrap(env, "rmspropUpdate", RmspropUpdateFn));
  exports.Set("sgemmBench", Wrap(env, "sgemmBench", SgemmBenchFn));
  exports.Set("setThreads", Wrap(env, "setThreads", SetThreadsFn));
  exports.Set("tuneAllocator", Wrap(env, "tuneAllocator", TuneAllocatorFn));
  exports.Set("clearCache", Wrap(env, "clearCache", ClearCacheFn));
}

}  // namespace frontier
