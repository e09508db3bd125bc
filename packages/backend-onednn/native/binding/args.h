// N-API argument helpers: turn JS values into plain C++ values with checks that
// name the offending argument, so a bad call is a JS exception, never a crash.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace frontier {

struct FloatView {
  float* data = nullptr;
  size_t length = 0;
};

inline FloatView Floats(const Napi::CallbackInfo& info, size_t i, const char* name, size_t minLength,
                        bool optional = false) {
  const Napi::Value v = info[i];
  if (optional && (v.IsNull() || v.IsUndefined())) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(info.Env(), std::string("argument '") + name + "' must be a Float32Array");
  }
  auto arr = v.As<Napi::Float32Array>();
  if (arr.ElementLength() < minLength) {
    throw Napi::RangeError::New(info.Env(), std::string("argument '") + name + "' has " +
                                                std::to_string(arr.ElementLength()) + " elements, needs " +
                                                std::to_string(minLength));
  }
  return {arr.Data(), arr.ElementLength()};
}

inline double* Float64s(const Napi::CallbackInfo& info, size_t i, const char* name, size_t minLength) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    throw Napi::TypeError::New(info.Env(), std::string("argument '") + name + "' must be a Float64Array");
  }
  auto arr = v.As<Napi::Float64Array>();
  if (arr.ElementLength() < minLength) {
    throw Napi::RangeError::New(info.Env(), std::string("argument '") + name + "' has " +
                                                std::to_string(arr.ElementLength()) + " elements, needs " +
                                                std::to_string(minLength));
  }
  return arr.Data();
}

struct Int32View {
  int32_t* data = nullptr;
  size_t length = 0;
};

inline Int32View Int32s(const Napi::CallbackInfo& info, size_t i, const char* name, size_t minLength) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    throw Napi::TypeError::New(info.Env(), std::string("argument '") + name + "' must be an Int32Array");
  }
  auto arr = v.As<Napi::Int32Array>();
  if (arr.ElementLength() < minLength) {
    throw Napi::RangeError::New(info.Env(), std::string("argument '") + name + "' has " +
                                                std::to_string(arr.ElementLength()) + " elements, needs " +
                                                std::to_string(minLength));
  }
  return {arr.Data(), arr.ElementLength()};
}

inline std::vector<int64_t> Ints(const Napi::CallbackInfo& info, size_t i, const char* name, size_t expected) {
  const Napi::Value v = info[i];
  if (!v.IsArray()) throw Napi::TypeError::New(info.Env(), std::string("argument '") + name + "' must be an array");
  auto arr = v.As<Napi::Array>();
  if (expected != 0 && arr.Length() != expected) {
    throw Napi::RangeError::New(info.Env(), std::string("argument '") + name + "' must have " +
                                                std::to_string(expected) + " entries, got " +
                                                std::to_string(arr.Length()));
  }
  std::vector<int64_t> out(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); ++k) out[k] = arr.Get(k).As<Napi::Number>().Int64Value();
  return out;
}

inline std::vector<double> Doubles(const Napi::CallbackInfo& info, size_t i, const char* name, size_t expected) {
  const Napi::Value v = info[i];
  if (!v.IsArray()) throw Napi::TypeError::New(info.Env(), std::string("argument '") + name + "' must be an array");
  auto arr = v.As<Napi::Array>();
  if (arr.Length() != expected) {
    throw Napi::RangeError::New(info.Env(), std::string("argument '") + name + "' must have " +
                                                std::to_string(expected) + " entries");
  }
  std::vector<double> out(expected);
  for (uint32_t k = 0; k < expected; ++k) out[k] = arr.Get(k).As<Napi::Number>().DoubleValue();
  return out;
}

inline int64_t Product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (auto x : v) p *= x;
  return p;
}

}  // namespace frontier
