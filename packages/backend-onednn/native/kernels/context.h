// Shared oneDNN engine/stream and a cache of primitives keyed by shape and attributes.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"

namespace frontier {

dnnl::engine& Engine();
dnnl::stream& Stream();

// Builds a cache key from a tag and integer fields.
std::string MakeKey(const char* tag, std::initializer_list<int64_t> fields);

// Returns the cached object for `key`, creating it with `make` on a miss.
// The cache is bounded: it is cleared when it grows past a fixed size so that
// a model with ever-changing shapes cannot grow memory without limit.
std::shared_ptr<void> CacheLookup(const std::string& key, const std::function<std::shared_ptr<void>()>& make);

template <typename T>
T& Cached(const std::string& key, const std::function<std::shared_ptr<T>()>& make) {
  auto p = CacheLookup(key, [&]() { return std::static_pointer_cast<void>(make()); });
  return *static_cast<T*>(p.get());
}

// A tensor argument as the caller lays it out (`user`) and as the primitive
// wants it (`prim`); a cached reorder moves data between them when they differ.
struct Port {
  dnnl::memory user;
  dnnl::memory prim;
  dnnl::reorder reorder;
  bool needsReorder = false;
  bool isInput = true;

  Port() = default;
  Port(const dnnl::memory::desc& userMd, const dnnl::memory::desc& primMd, bool input);
  // Inputs: point at caller data, reorder into the primitive's layout if needed.
  dnnl::memory& In(const float* data);
  // Outputs: point at caller data; call Finish() after the primitive ran.
  dnnl::memory& Out(float* data);
  void Finish();
};

dnnl::algorithm ActivationAlgorithm(int32_t activation, float* alpha, float* beta);
dnnl::primitive_attr ActivationAttr(int32_t activation, float alpha);

dnnl::memory::desc PlainDesc(const std::vector<int64_t>& dims);

}  // namespace frontier
