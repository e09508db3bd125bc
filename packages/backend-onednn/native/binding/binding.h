#pragma once
#include <napi.h>

namespace frontier {
// Adds every native function to `exports`.
void RegisterBinding(Napi::Env env, Napi::Object exports);
}  // namespace frontier
