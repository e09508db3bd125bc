// Conv2D / depthwise conv forward and both backprops. Activations stay NHWC and
// filters HWIO (tfjs layout); the filter port reorders to whatever blocked
// layout oneDNN's fastest implementation asks for, and that reorder is cached.
#include <string>

#include "context.h"
#include "kernels.h"

namespace frontier {

namespace {
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

thread_local std::string gLastImpl;

struct ConvShapes {
  dnnl::memory::dims src, weights, dst, strides, dilates, padL, padR;
  tag weightsTag;
};

ConvShapes Shapes(const ConvParams& p) {
  ConvShapes s;
  s.src = {p.n, p.c, p.h, p.w};
  s.dst = {p.n, p.oc, p.oh, p.ow};
  if (p.depthwise) {
    s.weights = {p.c, p.oc / p.c, 1, p.kh, p.kw};
    s.weightsTag = tag::hwigo;
  } else {
    s.weights = {p.oc, p.c, p.kh, p.kw};
    s.weightsTag = tag::hwio;
  }
  s.strides = {p.strideH, p.strideW};
  s.dilates = {p.dilationH - 1, p.dilationW - 1};
  s.padL = {p.padTop, p.padLeft};
  s.padR = {p.padBottom, p.padRight};
  return s;
}

std::string Key(const char* kind, const ConvParams& p) {
  return MakeKey(kind, {p.n, p.h, p.w, p.c, p.oh, p.ow, p.oc, p.kh, p.kw, p.strideH, p.strideW, p.dilationH,
                        p.dilationW, p.padTop, p.padLeft, p.padBottom, p.padRight, p.depthwise, p.hasBias,
                        p.activation, static_cast<int64_t>(p.alpha * 1e6)});
}

bool IsReference(const char* impl) { return std::string(impl).find("ref") != std::string::npos; }

// Forward-training descriptor: the hint backward primitives need, and the forward itself.
dnnl::convolution_forward::primitive_desc ForwardPd(const ConvParams& p, bool anySrc, bool training,
                                                     const dnnl::primitive_attr& attr) {
  auto s = Shapes(p);
  tag act = anySrc ? tag::any : tag::nhwc;
  dnnl::memory::desc srcMd(s.src, dt::f32, act), dstMd(s.dst, dt::f32, act), wMd(s.weights, dt::f32, tag::any);
  auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  if (p.hasBias) {
    dnnl::memory::desc bMd({p.oc}, dt::f32, tag::a);
    return {{prop, dnnl::algorithm::convolution_direct, srcMd, wMd, bMd, dstMd, s.strides, s.dilates, s.padL,
             s.padR},
            attr, Engine()};
  }
  return {{prop, dnnl::algorithm::convolution_direct, srcMd, wMd, dstMd, s.strides, s.dilates, s.padL, s.padR},
          attr, Engine()};
}

dnnl::convolution_forward::primitive_desc BestForwardPd(const ConvParams& p, bool training,
                                                         const dnnl::primitive_attr& attr) {
  auto pd = ForwardPd(p, false, training, attr);
  if (IsReference(pd.impl_info_str())) pd = ForwardPd(p, true, training, attr);
  return pd;
}

dnnl::memory::desc UserAct(const dnnl::memory::dims& d) { return {d, dt::f32, tag::nhwc}; }

struct FwdEntry {
  dnnl::convolution_forward prim;
  Port src, weights, dst;
  dnnl::memory bias;
};

struct BwdDataEntry {
  dnnl::convolution_backward_data prim;
  Port diffDst, weights, diffSrc;
};

struct BwdWeightsEntry {
  dnnl::convolution_backward_weights prim;
  Port src, diffDst, diffWeights;
};
}  // namespace

std::string LastConvImpl() { return gLastImpl; }

void ConvForward(const ConvParams& p, const float* x, const float* filter, const float* bias, float* y) {
  auto& e = Cached<FwdEntry>(Key("convf", p), [&]() {
    auto s = Shapes(p);
    auto pd = BestForwardPd(p, false, ActivationAttr(p.activation, p.alpha));
    gLastImpl = pd.impl_info_str();
    auto en = std::make_shared<FwdEntry>();
    en->prim = dnnl::convolution_forward(pd);
    en->src = Port(UserAct(s.src), pd.src_desc(), true);
    en->weights = Port({s.weights, dt::f32, s.weightsTag}, pd.weights_desc(), true);
    en->dst = Port(UserAct(s.dst), pd.dst_desc(), false);
    if (p.hasBias) en->bias = dnnl::memory({{p.oc}, dt::f32, tag::a}, Engine(), DNNL_MEMORY_NONE);
    return en;
  });
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, e.src.In(x)}, {DNNL_ARG_WEIGHTS, e.weights.In(filter)}, {DNNL_ARG_DST, e.dst.Out(y)}};
  if (p.hasBias) {
    e.bias.set_data_handle(const_cast<float*>(bias));
    args[DNNL_ARG_BIAS] = e.bias;
  }
  e.prim.execute(Stream(), args);
  e.dst.Finish();
  Stream().wait();
}

void ConvBackwardData(const ConvParams& p, const float* dy, const float* filter, float* dx) {
  ConvParams q = p;
  q.hasBias = false;
  q.activation = kActNone;
  auto& e = Cached<BwdDataEntry>(Key("convbd", q), [&]() {
    auto s = Shapes(q);
    auto hint = BestForwardPd(q, true, dnnl::primitive_attr());
    auto makePd = [&](tag act) {
      dnnl::memory::desc srcMd(s.src, dt::f32, act), dstMd(s.dst, dt::f32, act), wMd(s.weights, dt::f32, tag::any);
      return dnnl::convolution_backward_data::primitive_desc(
          {dnnl::algorithm::convolution_direct, srcMd, wMd, dstMd, s.strides, s.dilates, s.padL, s.padR}, Engine(),
          hint);
    };
    auto pd = makePd(tag::nhwc);
    if (IsReference(pd.impl_info_str())) pd = makePd(tag::any);
    auto en = std::make_shared<BwdDataEntry>();
    en->prim = dnnl::convolution_backward_data(pd);
    en->diffDst = Port(UserAct(s.dst), pd.diff_dst_desc(), true);
    en->weights = Port({s.weights, dt::f32, s.weightsTag}, pd.weights_desc(), true);
    en->diffSrc = Port(UserAct(s.src), pd.diff_src_desc(), false);
    return en;
  });
  e.prim.execute(Stream(), {{DNNL_ARG_DIFF_DST, e.diffDst.In(dy)},
                            {DNNL_ARG_WEIGHTS, e.weights.In(filter)},
                            {DNNL_ARG_DIFF_SRC, e.diffSrc.Out(dx)}});
  e.diffSrc.Finish();
  Stream().wait();
}

void ConvBackwardFilter(const ConvParams& p, const float* x, const float* dy, float* dfilter) {
  ConvParams q = p;
  q.hasBias = false;
  q.activation = kActNone;
  auto& e = Cached<BwdWeightsEntry>(Key("convbw", q), [&]() {
    auto s = Shapes(q);
    auto hint = BestForwardPd(q, true, dnnl::primitive_attr());
    auto makePd = [&](tag act) {
      dnnl::memory::desc srcMd(s.src, dt::f32, act), dstMd(s.dst, dt::f32, act), wMd(s.weights, dt::f32, tag::any);
      return dnnl::convolution_backward_weights::primitive_desc(
          {dnnl::algorithm::convolution_direct, srcMd, wMd, dstMd, s.strides, s.dilates, s.padL, s.padR}, Engine(),
          hint);
    };
    auto pd = makePd(tag::nhwc);
    if (IsReference(pd.impl_info_str())) pd = makePd(tag::any);
    auto en = std::make_shared<BwdWeightsEntry>();
    en->prim = dnnl::convolution_backward_weights(pd);
    en->src = Port(UserAct(s.src), pd.src_desc(), true);
    en->diffDst = Port(UserAct(s.dst), pd.diff_dst_desc(), true);
    en->diffWeights = Port({s.weights, dt::f32, s.weightsTag}, pd.diff_weights_desc(), false);
    return en;
  });
  e.prim.execute(Stream(), {{DNNL_ARG_SRC, e.src.In(x)},
                            {DNNL_ARG_DIFF_DST, e.diffDst.In(dy)},
                            {DNNL_ARG_DIFF_WEIGHTS, e.diffWeights.Out(dfilter)}});
  e.diffWeights.Finish();
  Stream().wait();
}

}  // namespace frontier
