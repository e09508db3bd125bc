// Addon entry point: initialization only; the functions live in binding/.
#include <napi.h>

#include "binding/binding.h"

namespace {
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  frontier::RegisterBinding(env, exports);
  return exports;
}
}  // namespace

NODE_API_MODULE(frontier_onednn, Init)
