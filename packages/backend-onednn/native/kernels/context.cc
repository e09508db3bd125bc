#include "context.h"

#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "kernels.h"

namespace frontier {

namespace {
constexpr size_t kMaxCacheEntries = 1024;
// Per thread: each Node worker thread that loads the addon gets its own cache
// and stream, so no locking is needed and primitives never race.
std::unordered_map<std::string, std::shared_ptr<void>>& CacheMap() {
  static thread_local std::unordered_map<std::string, std::shared_ptr<void>> map;
  return map;
}
}  // namespace

dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& Stream() {
  static thread_local dnnl::stream stream(Engine());
  return stream;
}

std::string MakeKey(const char* tag, std::initializer_list<int64_t> fields) {
  std::string key(tag);
  for (int64_t f : fields) {
    key.push_back(':');
    key += std::to_string(f);
  }
  return key;
}

std::shared_ptr<void> CacheLookup(const std::string& key, const std::function<std::shared_ptr<void>()>& make) {
  auto& map = CacheMap();
  auto it = map.find(key);
  if (it != map.end()) return it->second;
  if (map.size() >= kMaxCacheEntries) map.clear();
  auto value = make();
  map.emplace(key, value);
  return value;
}

int64_t CachedPrimitiveCount() { return static_cast<int64_t>(CacheMap().size()); }
void ClearPrimitiveCache() { CacheMap().clear(); }

Port::Port(const dnnl::memory::desc& userMd, const dnnl::memory::desc& primMd, bool input) : isInput(input) {
  user = dnnl::memory(userMd, Engine(), DNNL_MEMORY_NONE);
  if (userMd == primMd) {
    prim = user;
    needsReorder = false;
  } else {
    prim = dnnl::memory(primMd, Engine());
    needsReorder = true;
    reorder = input ? dnnl::reorder(user, prim) : dnnl::reorder(prim, user);
  }
}

dnnl::memory& Port::In(const float* data) {
  user.set_data_handle(const_cast<float*>(data));
  if (needsReorder) reorder.execute(Stream(), {{DNNL_ARG_FROM, user}, {DNNL_ARG_TO, prim}});
  return prim;
}

dnnl::memory& Port::Out(float* data) {
  user.set_data_handle(data);
  return prim;
}

void Port::Finish() {
  if (needsReorder) reorder.execute(Stream(), {{DNNL_ARG_FROM, prim}, {DNNL_ARG_TO, user}});
}

dnnl::algorithm ActivationAlgorithm(int32_t activation, float* alpha, float* beta) {
  *beta = 0.f;
  switch (activation) {
    case kActRelu: *alpha = 0.f; return dnnl::algorithm::eltwise_relu;
    case kActRelu6: *alpha = 0.f; *beta = 6.f; return dnnl::algorithm::eltwise_clip;
    case kActElu: *alpha = 1.f; return dnnl::algorithm::eltwise_elu;
    case kActSigmoid: *alpha = 0.f; return dnnl::algorithm::eltwise_logistic;
    case kActLeakyRelu: return dnnl::algorithm::eltwise_relu;  // alpha = slope, set by caller
    case kActTanh: *alpha = 0.f; return dnnl::algorithm::eltwise_tanh;
    default: throw std::invalid_argument("unknown activation code " + std::to_string(activation));
  }
}

dnnl::primitive_attr ActivationAttr(int32_t activation, float alpha) {
  dnnl::primitive_attr attr;
  if (activation != kActNone) {
    float a = alpha, b = 0.f;
    auto alg = ActivationAlgorithm(activation, &a, &b);
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, alg, a, b);
    attr.set_post_ops(ops);
  }
  return attr;
}

dnnl::memory::desc PlainDesc(const std::vector<int64_t>& dims) {
  dnnl::memory::dims d(dims.begin(), dims.end());
  dnnl::memory::dims strides(d.size());
  int64_t s = 1;
  for (size_t i = d.size(); i-- > 0;) {
    strides[i] = s;
    s *= d[i];
  }
  return dnnl::memory::desc(d, dnnl::memory::data_type::f32, strides);
}

std::string VersionString() {
  const dnnl_version_t* v = dnnl_version();
  std::ostringstream out;
  out << v->major << "." << v->minor << "." << v->patch;
  return out.str();
}

}  // namespace frontier

#include <malloc.h>
#include <omp.h>
namespace frontier {
int32_t MaxThreads() { return omp_get_max_threads(); }
void SetThreads(int32_t threads) { omp_set_num_threads(threads > 0 ? threads : 1); }
bool TuneAllocator() {
#if defined(__GLIBC__)
  // Blocks up to 256 MiB come from the heap; up to 512 MiB of free heap top is kept.
  return mallopt(M_MMAP_THRESHOLD, 256 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 512 << 20) == 1;
#else
  return false;
#endif
}
}  // namespace frontier
