/**
 * The whole native surface of the addon (native/binding/binding.cc), typed.
 * Every array argument is a Float32Array read or written in place (zero copy);
 * every shape or attribute list is a plain number array.
 */

/** Activation codes shared with native/kernels/kernels.h. */
export const Activation = {
  none: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  sigmoid: 4,
  leakyrelu: 5,
  tanh: 6,
} as const;

/** Unary op codes shared with native/kernels/kernels.h (EltwiseOp). */
export const EltwiseOp = {
  relu: 0,
  relu6: 1,
  elu: 2,
  sigmoid: 3,
  leakyRelu: 4,
  tanh: 5,
  exp: 6,
  log: 7,
  sqrt: 8,
  square: 9,
  abs: 10,
  step: 11,
  neg: 12,
  floor: 13,
} as const;

/** Binary op codes shared with native/kernels/kernels.h (BinaryOp). */
export const BinaryOp = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5, squaredDifference: 6 } as const;

/** Reduction codes shared with native/kernels/kernels.h (ReduceOp). */
export const ReduceOp = { sum: 0, mean: 1, max: 2, min: 3 } as const;

/** What the addon reports about itself. */
export interface NativeInfo {
  onednnVersion: string;
  threads: number;
  cachedPrimitives: number;
  /** oneDNN implementation name of the most recently created conv primitive. */
  lastConvImpl: string;
}

export interface NativeBinding {
  info(): NativeInfo;
  /** params: [batchA, batchB, m, k, n, transposeA, transposeB, activation, leakyAlpha]. bias has n elements. */
  matMul(
    a: Float32Array,
    b: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    params: number[],
  ): void;
  /**
   * params: [n,h,w,c, oh,ow,oc, kh,kw, strideH,strideW, dilationH,dilationW,
   *          padTop,padLeft,padBottom,padRight, depthwise, activation, leakyAlpha]
   */
  conv2d(
    x: Float32Array,
    filter: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    params: number[],
  ): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, out: Float32Array, params: number[]): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, out: Float32Array, params: number[]): void;
  /** params: [isMax, n,h,w,c, oh,ow, kh,kw, strideH,strideW, padTop,padLeft,padBottom,padRight] */
  pool(x: Float32Array, out: Float32Array, params: number[]): void;
  poolGrad(x: Float32Array, dy: Float32Array, out: Float32Array, params: number[]): void;
  eltwise(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  eltwiseGrad(op: number, xOrY: Float32Array, dy: Float32Array, out: Float32Array, alpha: number): void;
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number, log: boolean): void;
  /** Shapes are right-aligned to the same rank (<= 8); size-1 dims broadcast. */
  binary(
    op: number,
    a: Float32Array,
    aShape: number[],
    b: Float32Array,
    bShape: number[],
    out: Float32Array,
    outShape: number[],
  ): void;
  /** x viewed as [rows, channels]: out = (x − mean[c])·scale[c] + offset[c]. */
  channelAffine(
    x: Float32Array,
    rows: number,
    channels: number,
    mean: Float32Array,
    scale: Float32Array,
    offset: Float32Array,
    out: Float32Array,
  ): void;
  /** x and dy viewed as [rows, channels]: sumDy[c] = Σ dy, sumDyXm[c] = Σ dy·(x − mean[c]), in double. */
  channelGradSums(
    x: Float32Array,
    dy: Float32Array,
    rows: number,
    channels: number,
    mean: Float32Array,
    sumDy: Float64Array,
    sumDyXm: Float64Array,
  ): void;
  /** outShape has the rank of shape, reduced dims set to 1. */
  reduce(op: number, x: Float32Array, shape: number[], outShape: number[], out: Float32Array): void;
  /**
   * Index of the max (isMax) or min along the middle axis of x viewed as
   * dims = [outer, n, inner] (n >= 1) into out ([outer, inner]); tfjs-cpu
   * semantics: first index on ties, a NaN at index 0 wins, later NaNs are skipped.
   */
  argReduce(isMax: boolean, x: Float32Array, dims: [number, number, number], out: Int32Array): void;
  transpose(x: Float32Array, shape: number[], perm: number[], out: Float32Array): void;
  /** In place. params: [lr, beta1, beta2, epsilon, 1-beta1, 1-beta2, 1-beta1^t, 1-beta2^t] (float32 values). */
  adamUpdate(
    param: Float32Array,
    m: Float32Array,
    v: Float32Array,
    grad: Float32Array,
    params: number[],
  ): void;
  /**
   * In place, AdamW (decoupled weight decay): param *= keep, then the Adam step.
   * params: adamUpdate's 8, then keep = 1 - lr * weightDecay (float32).
   */
  adamwUpdate(
    param: Float32Array,
    m: Float32Array,
    v: Float32Array,
    grad: Float32Array,
    params: number[],
  ): void;
  /** In place. params: [lr, momentum, nesterov ? 1 : 0]. */
  momentumUpdate(param: Float32Array, accumulation: Float32Array, grad: Float32Array, params: number[]): void;
  /** In place; meanGrad only when centered. params: [lr, decay, 1-decay (float32), momentum, epsilon, centered ? 1 : 0]. */
  rmspropUpdate(
    param: Float32Array,
    meanSquare: Float32Array,
    moment: Float32Array,
    meanGrad: Float32Array | null,
    grad: Float32Array,
    params: number[],
  ): void;
  /** Seconds for `iterations` sgemm calls of [m,k]x[k,n] straight through oneDNN. */
  sgemmBench(mnk: [number, number, number], iterations: number): number;
  /** Sets the thread count of oneDNN and the OpenMP loops (default: all cores). */
  setThreads(threads: number): void;
  /**
   * Process-wide glibc malloc tuning: keep freed large blocks instead of
   * unmapping them, so new tensor buffers do not page-fault. False if unsupported.
   */
  tuneAllocator(): boolean;
  /** Drops every cached oneDNN primitive (memory is released; later calls recreate them). */
  clearCache(): void;
}
