{
  "targets": [
    {
      "target_name": "frontier_onednn",
      "sources": [
        "native/addon.cc",
        "native/binding/binding.cc",
        "native/kernels/context.cc",
        "native/kernels/matmul.cc",
        "native/kernels/conv2d.cc",
        "native/kernels/pool.cc",
        "native/kernels/eltwise.cc",
        "native/kernels/binary.cc",
        "native/kernels/reduce.cc",
        "native/kernels/arg_reduce.cc",
        "native/kernels/optimizers.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-ffp-contract=off", "-fno-math-errno", "-fexceptions"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
