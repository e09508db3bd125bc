/**
 * Conformance suite: every natively overridden kernel, run on random shapes on
 * a candidate backend and on the cpu reference backend, compared element-wise
 * with a stated tolerance (|got - want| <= atol + rtol * |want|).
 *
 * Any backend that claims tfjs kernels can run it: `runConformance('onednn')`.
 */
// The union package registers the gradient functions tf.grads needs.
import * as tf from '@tensorflow/tfjs';

import { seededRandom, uniform } from './random.ts';

export interface ConformanceCase {
  /** Kernel(s) this case exercises on the candidate backend. */
  kernels: string[];
  name: string;
  rtol: number;
  atol: number;
  /** Builds the inputs from `data` and returns the outputs to compare. */
  run: (data: CaseData) => tf.Tensor[];
}

/** Seeded inputs: the same numbers on both backends. */
export interface CaseData {
  t(shape: number[], lo?: number, hi?: number): tf.Tensor;
}

export interface ConformanceResult {
  name: string;
  kernels: string[];
  ok: boolean;
  /** Largest |got - want| / (atol + rtol * |want|); <= 1 passes. */
  worst: number;
  detail: string;
}

// float32 matmul/conv: 1e-4 relative (different summation order); element-wise: 1e-5.
const MM = { rtol: 1e-4, atol: 1e-5 };
const EW = { rtol: 1e-5, atol: 1e-6 };
// Sigmoid/tanh/exp/elu/log use oneDNN's vectorized approximations (a few ulp).
const TRANS = { rtol: 2e-5, atol: 1e-6 };
const RED = { rtol: 1e-4, atol: 1e-5 };

type T4 = tf.Tensor4D;
const t4 = (t: tf.Tensor) => t as T4;

/** Gradients of sum(f(inputs) * w) for a random w, so dy is not all ones. */
function gradsOf(d: CaseData, f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): tf.Tensor[] {
  const probe = f(...inputs);
  const w = d.t(probe.shape);
  probe.dispose();
  const g = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), w)));
  return g(inputs);
}

export function conformanceCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const add = (
    kernels: string[],
    name: string,
    tol: { rtol: number; atol: number },
    run: ConformanceCase['run'],
  ) => cases.push({ kernels, name, ...tol, run });

  // MatMul / BatchMatMul
  const mm: [number[], number[], boolean, boolean][] = [
    [[1, 1], [1, 1], false, false],
    [[3, 5], [5, 7], false, false],
    [[5, 3], [5, 7], true, false],
    [[3, 5], [7, 5], false, true],
    [[5, 3], [7, 5], true, true],
    [[4, 3, 5], [4, 5, 2], false, false],
    [[2, 3, 5, 6], [2, 3, 2, 5], true, true],
    [[1, 3, 5], [4, 5, 2], false, false],
    [[4, 3, 5], [5, 2], false, false],
    [[65, 300], [300, 129], false, false],
  ];
  for (const [sa, sb, ta, tb] of mm) {
    add(['BatchMatMul'], `matMul ${sa}x${sb} tA=${ta} tB=${tb}`, MM, (d) => [
      tf.matMul(d.t(sa), d.t(sb), ta, tb),
    ]);
  }
  add(['BatchMatMul'], 'matMul gradients', MM, (d) =>
    gradsOf(d, (a, b) => tf.matMul(a, b), [d.t([6, 9]), d.t([9, 4])]),
  );
  add(['BatchMatMul'], 'matMul empty [0,3]x[3,4]', EW, (d) => [tf.matMul(d.t([0, 3]), d.t([3, 4]))]);
  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
    add(['_FusedMatMul'], `fused.matMul bias + ${activation}`, { rtol: 1e-4, atol: 2e-5 }, (d) => [
      tf.fused.matMul({
        a: d.t([7, 33], -2, 2),
        b: d.t([10, 33]),
        transposeB: true,
        bias: d.t([10]),
        activation,
        leakyreluAlpha: 0.15,
      }),
    ]);
  }
  add(['_FusedMatMul'], 'fused.matMul batched, no bias, relu', MM, (d) => [
    tf.fused.matMul({ a: d.t([2, 4, 6]), b: d.t([2, 6, 3]), activation: 'relu' }),
  ]);

  // Conv2D and its backprops
  const convs: {
    x: number[];
    f: number[];
    s: number | [number, number];
    p: 'same' | 'valid' | number;
    dil?: number;
  }[] = [
    { x: [1, 7, 9, 3], f: [3, 3, 3, 5], s: 1, p: 'same' },
    { x: [2, 9, 8, 4], f: [3, 3, 4, 6], s: 2, p: 'valid' },
    { x: [2, 10, 11, 2], f: [3, 2, 2, 3], s: [2, 1], p: 'same' },
    { x: [1, 12, 12, 3], f: [3, 3, 3, 4], s: 1, p: 'same', dil: 2 },
    { x: [3, 5, 6, 7], f: [1, 1, 7, 8], s: 1, p: 'valid' },
    { x: [2, 8, 7, 2], f: [3, 3, 2, 3], s: 1, p: 1 },
    { x: [4, 28, 28, 1], f: [3, 3, 1, 32], s: 1, p: 'valid' },
  ];
  for (const c of convs) {
    const label = `x=${c.x} f=${c.f} s=${c.s} pad=${c.p} dil=${c.dil ?? 1}`;
    add(['Conv2D'], `conv2d ${label}`, MM, (d) => [
      tf.conv2d(t4(d.t(c.x)), t4(d.t(c.f)), c.s, c.p, 'NHWC', c.dil ?? 1),
    ]);
    if ((c.dil ?? 1) === 1) {
      add(['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], `conv2d gradients ${label}`, MM, (d) =>
        gradsOf(d, (x, f) => tf.conv2d(t4(x), t4(f), c.s, c.p), [d.t(c.x), d.t(c.f)]),
      );
    }
  }
  add(['Conv2DBackpropInput'], 'conv2dTranspose stride 2 same', MM, (d) => [
    tf.conv2dTranspose(t4(d.t([2, 4, 5, 6])), t4(d.t([3, 3, 3, 6])), [2, 8, 10, 3], 2, 'same'),
  ]);
  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
    add(['FusedConv2D'], `fused.conv2d bias + ${activation}`, { rtol: 1e-4, atol: 2e-5 }, (d) => [
      tf.fused.conv2d({
        x: t4(d.t([2, 9, 9, 3])),
        filter: t4(d.t([3, 3, 3, 8])),
        strides: 1,
        pad: 'same',
        bias: d.t([8]),
        activation,
        leakyreluAlpha: 0.1,
      }),
    ]);
  }

  // Depthwise
  const dws: { x: number[]; f: number[]; s: number; p: 'same' | 'valid'; dil?: number }[] = [
    { x: [2, 9, 8, 3], f: [3, 3, 3, 2], s: 1, p: 'same' },
    { x: [1, 10, 10, 4], f: [3, 3, 4, 1], s: 2, p: 'valid' },
    { x: [1, 11, 9, 2], f: [3, 3, 2, 3], s: 1, p: 'same', dil: 2 },
  ];
  for (const c of dws) {
    const label = `x=${c.x} f=${c.f} s=${c.s} pad=${c.p} dil=${c.dil ?? 1}`;
    add(['DepthwiseConv2dNative'], `depthwiseConv2d ${label}`, MM, (d) => [
      tf.depthwiseConv2d(t4(d.t(c.x)), t4(d.t(c.f)), c.s, c.p, 'NHWC', c.dil ?? 1),
    ]);
    // tfjs' depthwise gradient rejects dilation > 1.
    if ((c.dil ?? 1) === 1) {
      add(
        ['DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter'],
        `depthwiseConv2d gradients ${label}`,
        MM,
        (d) => gradsOf(d, (x, f) => tf.depthwiseConv2d(t4(x), t4(f), c.s, c.p), [d.t(c.x), d.t(c.f)]),
      );
    }
  }

  // Fused depthwise: every activation with a per-channel bias, then geometry variants.
  const FUSED = { rtol: 1e-4, atol: 2e-5 };
  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
    add(['FusedDepthwiseConv2D'], `fused.depthwiseConv2d bias + ${activation}`, FUSED, (d) => [
      tf.fused.depthwiseConv2d({
        x: t4(d.t([2, 9, 7, 3], -2, 2)),
        filter: t4(d.t([3, 3, 3, 2])),
        strides: 1,
        pad: 'same',
        bias: d.t([6]),
        activation,
        leakyreluAlpha: 0.15,
      }),
    ]);
  }
  const fusedDws: {
    x: number[];
    f: number[];
    s: number | [number, number];
    p: 'same' | 'valid' | number;
    dil?: number;
    bias: boolean;
  }[] = [
    { x: [1, 1, 1, 1], f: [1, 1, 1, 1], s: 1, p: 'valid', bias: true },
    { x: [1, 11, 9, 5], f: [3, 3, 5, 1], s: 2, p: 'valid', bias: true },
    { x: [3, 7, 8, 2], f: [5, 3, 2, 3], s: [2, 1], p: 'same', bias: false },
    { x: [1, 12, 10, 4], f: [3, 3, 4, 2], s: 1, p: 'same', dil: 2, bias: true },
    { x: [2, 6, 7, 3], f: [3, 3, 3, 1], s: 1, p: 1, bias: true },
  ];
  for (const c of fusedDws) {
    const label = `x=${c.x} f=${c.f} s=${c.s} pad=${c.p} dil=${c.dil ?? 1} bias=${c.bias}`;
    add(['FusedDepthwiseConv2D'], `fused.depthwiseConv2d relu ${label}`, FUSED, (d) => [
      tf.fused.depthwiseConv2d({
        x: t4(d.t(c.x)),
        filter: t4(d.t(c.f)),
        strides: c.s,
        pad: c.p,
        dilations: c.dil ?? 1,
        bias: c.bias ? d.t([c.f[2] * c.f[3]]) : undefined,
        activation: 'relu',
      }),
    ]);
  }
  // Without an activation tfjs keeps the fused op under a gradient tape (its own gradient).
  add(
    ['FusedDepthwiseConv2D', 'DepthwiseConv2dNativeBackpropInput'],
    'fused.depthwiseConv2d gradients',
    MM,
    (d) =>
      gradsOf(
        d,
        (x, f, b) => tf.fused.depthwiseConv2d({ x: t4(x), filter: t4(f), strides: 1, pad: 'same', bias: b }),
        [d.t([2, 6, 5, 3]), d.t([3, 3, 3, 2]), d.t([6])],
      ),
  );

  // Pooling
  const pools: {
    x: number[];
    k: number | [number, number];
    s: number | [number, number];
    p: 'same' | 'valid';
  }[] = [
    { x: [2, 8, 8, 3], k: 2, s: 2, p: 'valid' },
    { x: [1, 7, 9, 2], k: 3, s: 2, p: 'same' },
    { x: [3, 26, 26, 5], k: 2, s: 2, p: 'valid' },
    { x: [1, 5, 6, 4], k: [2, 3], s: [1, 2], p: 'same' },
  ];
  for (const c of pools) {
    const label = `x=${c.x} k=${c.k} s=${c.s} pad=${c.p}`;
    add(['MaxPool'], `maxPool ${label}`, EW, (d) => [tf.maxPool(t4(d.t(c.x)), c.k, c.s, c.p)]);
    add(['MaxPool', 'MaxPoolGrad'], `maxPool gradient ${label}`, EW, (d) =>
      gradsOf(d, (x) => tf.maxPool(t4(x), c.k, c.s, c.p), [d.t(c.x)]),
    );
    add(['AvgPool'], `avgPool ${label}`, EW, (d) => [tf.avgPool(t4(d.t(c.x)), c.k, c.s, c.p)]);
    add(['AvgPoolGrad'], `avgPool gradient ${label}`, EW, (d) =>
      gradsOf(d, (x) => tf.avgPool(t4(x), c.k, c.s, c.p), [d.t(c.x)]),
    );
  }

  // Element-wise unary
  const unary: [string, (x: tf.Tensor) => tf.Tensor, number, number, { rtol: number; atol: number }][] = [
    ['Relu', tf.relu, -3, 3, EW],
    ['Relu6', tf.relu6, -3, 9, EW],
    ['Elu', tf.elu, -3, 3, TRANS],
    ['Sigmoid', tf.sigmoid, -6, 6, TRANS],
    ['Tanh', tf.tanh, -4, 4, TRANS],
    ['LeakyRelu', (x) => tf.leakyRelu(x, 0.3), -3, 3, EW],
    ['Exp', tf.exp, -5, 5, TRANS],
    ['Log', tf.log, 0.01, 50, TRANS],
    ['Sqrt', tf.sqrt, 0, 50, EW],
    ['Square', tf.square, -5, 5, EW],
    ['Abs', tf.abs, -5, 5, EW],
    ['Neg', tf.neg, -5, 5, EW],
    ['Step', (x) => tf.step(x, 0.25), -2, 2, EW],
  ];
  for (const [kernel, f, lo, hi, tol] of unary) {
    add([kernel], `${kernel} [3,5,7]`, tol, (d) => [f(d.t([3, 5, 7], lo, hi))]);
    add([kernel], `${kernel} 100k elements`, tol, (d) => [f(d.t([100003], lo, hi))]);
  }
  add(['EluGrad'], 'elu gradient', TRANS, (d) => gradsOf(d, (x) => tf.elu(x), [d.t([4, 33], -3, 3)]));
  add(['Softmax'], 'softmax [5,10]', EW, (d) => [tf.softmax(d.t([5, 10], -5, 5))]);
  add(['Softmax'], 'softmax [2,3,17]', EW, (d) => [tf.softmax(d.t([2, 3, 17], -5, 5))]);
  add(['Softmax'], 'softmax [1,1]', EW, (d) => [tf.softmax(d.t([1, 1]))]);

  // Binary with broadcasting
  const shapes: [number[], number[]][] = [
    [
      [2, 3, 4],
      [2, 3, 4],
    ],
    [[2, 3, 4], [4]],
    [
      [2, 1, 4],
      [3, 1],
    ],
    [[5], []],
    [[], [6, 2]],
    [
      [3, 1, 5, 1],
      [1, 4, 1, 2],
    ],
    [[1000, 130], [130]],
  ];
  const binary: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, number, number][] = [
    ['Add', tf.add, -2, 2],
    ['Sub', tf.sub, -2, 2],
    ['Multiply', tf.mul, -2, 2],
    ['RealDiv', tf.div, 0.5, 2],
    ['Maximum', tf.maximum, -2, 2],
    ['Minimum', tf.minimum, -2, 2],
    ['SquaredDifference', tf.squaredDifference, -2, 2],
  ];
  for (const [kernel, f, lo, hi] of binary) {
    for (const [sa, sb] of shapes) {
      add([kernel], `${kernel} [${sa}] with [${sb}]`, EW, (d) => [f(d.t(sa, lo, hi), d.t(sb, lo, hi))]);
    }
  }

  // Reductions
  const reductions: [string, (x: tf.Tensor, axis?: number | number[], keep?: boolean) => tf.Tensor][] = [
    ['Sum', tf.sum],
    ['Mean', tf.mean],
    ['Max', tf.max],
    ['Min', tf.min],
  ];
  for (const [kernel, f] of reductions) {
    add([kernel], `${kernel} all axes`, RED, (d) => [f(d.t([4, 5, 6]))]);
    add([kernel], `${kernel} axes [0,1,2] of [8,13,13,32]`, RED, (d) => [f(d.t([8, 13, 13, 32]), [0, 1, 2])]);
    add([kernel], `${kernel} axis 1 keepDims`, RED, (d) => [f(d.t([3, 7, 2]), 1, true)]);
    add([kernel], `${kernel} axis -1`, RED, (d) => [f(d.t([9, 11]), -1)]);
  }

  // ArgMax / ArgMin: exact int32 indices. Every axis, batch 1, odd sizes, ties
  // (rounded values: tfjs returns the first extreme index), NaN and infinities.
  const EXACT = { rtol: 0, atol: 0 };
  const argOps: [string, (x: tf.Tensor, axis?: number) => tf.Tensor][] = [
    ['ArgMax', tf.argMax],
    ['ArgMin', tf.argMin],
  ];
  for (const [kernel, f] of argOps) {
    for (const axis of [0, 1, 2, -1]) {
      add([kernel], `${kernel} [3,5,7] axis ${axis}`, EXACT, (d) => [f(d.t([3, 5, 7]), axis)]);
      add([kernel], `${kernel} ties [4,9,6] axis ${axis}`, EXACT, (d) => [
        f(tf.round(d.t([4, 9, 6], 0, 3)), axis),
      ]);
    }
    add([kernel], `${kernel} batch 1 [1,10]`, EXACT, (d) => [f(d.t([1, 10]), 1)]);
    add([kernel], `${kernel} [1,3] axis 0 (length-1 axis)`, EXACT, () => [f(tf.tensor2d([[3, 1, 2]]), 0)]);
    add([kernel], `${kernel} 1-D [13]`, EXACT, (d) => [f(d.t([13]))]);
    add([kernel], `${kernel} [64,10] logits`, EXACT, (d) => [f(d.t([64, 10], -5, 5), 1)]);
    add([kernel], `${kernel} [2,3,4,5] axis 2`, EXACT, (d) => [f(d.t([2, 3, 4, 5]), 2)]);
    add([kernel], `${kernel} 300k elements, axis 0`, EXACT, (d) => [f(d.t([3, 100003]), 0)]);
    add([kernel], `${kernel} all equal`, EXACT, () => [f(tf.fill([3, 4], 7), 1), f(tf.fill([3, 4], 7), 0)]);
    add([kernel], `${kernel} NaN and infinities`, EXACT, () => {
      const x = tf.tensor2d([
        [NaN, 1, 5, 0],
        [2, NaN, 9, -1],
        [-Infinity, -Infinity, -Infinity, -Infinity],
        [Infinity, NaN, Infinity, -Infinity],
        [NaN, NaN, NaN, NaN],
      ]);
      return [f(x, 1), f(x, 0)];
    });
  }

  // Transpose
  for (const [shape, perm] of [
    [
      [3, 5],
      [1, 0],
    ],
    [
      [2, 3, 4],
      [2, 0, 1],
    ],
    [
      [2, 3, 4, 5],
      [0, 3, 1, 2],
    ],
  ] as [number[], number[]][]) {
    add(['Transpose'], `transpose [${shape}] perm [${perm}]`, EW, (d) => [tf.transpose(d.t(shape), perm)]);
  }

  // GatherV2: a batch of rows, repeated and unordered indices, an inner axis, a
  // negative axis, 2-D indices, empty indices. Gathering copies, so it is exact.
  for (const [shape, idx, axis] of [
    [[6, 4, 4, 1], [5, 0, 2], 0],
    [[7], [3, 3, 6, 0], 0],
    [[3, 5, 2], [4, 1], 1],
    [[3, 5, 2], [1, 0, 1], -1],
  ] as [number[], number[], number][]) {
    add(['GatherV2'], `gather [${shape}] [${idx}] axis ${axis}`, EXACT, (d) => [
      tf.gather(d.t(shape), tf.tensor1d(idx, 'int32'), axis),
    ]);
  }
  add(['GatherV2'], 'gather [4,3] indices [[2,0],[1,1]]', EXACT, (d) => [
    tf.gather(d.t([4, 3]), tf.tensor2d([2, 0, 1, 1], [2, 2], 'int32')),
  ]);
  add(['GatherV2'], 'gather [4,3] empty indices', EXACT, (d) => [
    tf.gather(d.t([4, 3]), tf.tensor1d([], 'int32')),
  ]);

  // Tile: the batch-norm gradient's case (a channel vector to an activation's shape),
  // repeats on every axis, a vector, no repeats at all. Tiling copies, so it is exact.
  for (const [shape, reps] of [
    [
      [1, 1, 1, 3],
      [2, 3, 4, 1],
    ],
    [
      [2, 3],
      [3, 2],
    ],
    [[4], [3]],
    [
      [2, 1, 3],
      [1, 4, 2],
    ],
    [
      [2, 2],
      [1, 1],
    ],
  ] as [number[], number[]][]) {
    add(['Tile'], `tile [${shape}] reps [${reps}]`, EXACT, (d) => [tf.tile(d.t(shape), reps)]);
  }

  // FusedBatchNorm: per-channel statistics with and without offset and scale; the
  // variance is kept positive. A broadcast (non per-channel) mean takes the cpu path.
  add(['FusedBatchNorm'], 'batchNorm [2,3,4,5] with offset and scale', EW, (d) => [
    tf.batchNorm(d.t([2, 3, 4, 5]), d.t([5]), d.t([5], 0.1, 2), d.t([5]), d.t([5])),
  ]);
  add(['FusedBatchNorm'], 'batchNorm [6,3] without offset and scale', EW, (d) => [
    tf.batchNorm(d.t([6, 3]), d.t([3]), d.t([3], 0.5, 1.5)),
  ]);
  // Floor (dropout's keep mask), over negatives, halves and integers; exact.
  add(['Floor'], 'floor [5,7] in [-3, 3]', EXACT, (d) => [tf.floor(d.t([5, 7], -3, 3))]);
  add(['Floor'], 'floor of integers, halves, NaN and ±Infinity', EXACT, () => [
    tf.floor(tf.tensor1d([-2, -1.5, -0.5, 0, 0.5, 1, 2.5, NaN, Infinity, -Infinity])),
  ]);
  // A float32 tensor cast from bool shares the bool storage; binary kernels read it as floats.
  add(['Multiply'], 'multiply by a mask cast from bool [3,4,1]', EW, (d) => [
    tf.mul(d.t([3, 4, 5]), tf.expandDims(tf.cast(tf.greater(d.t([3, 4]), 0), 'float32'), -1)),
  ]);
  // Its gradient (batch-norm-gradient.ts: two C++ passes on onednn, tfjs' own on cpu)
  // with respect to every input. (Without a scale tensor tfjs' own gradient cannot run:
  // the engine saves the missing input for the backward pass.)
  add(['FusedBatchNorm'], 'batchNorm [2,3,4,5] gradients', RED, (d) =>
    gradsOf(d, (x, m, v, o, s) => tf.batchNorm(x, m, v, o, s, 1e-3), [
      d.t([2, 3, 4, 5]),
      d.t([5]),
      d.t([5], 0.1, 2),
      d.t([5]),
      d.t([5]),
    ]),
  );
  return cases;
}

function compare(
  got: tf.TypedArray,
  want: tf.TypedArray,
  rtol: number,
  atol: number,
): { worst: number; at: number } {
  let worst = 0,
    at = -1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i],
      w = want[i];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (g === w) continue; // also exact matches under a zero tolerance (0 / 0)
    const ratio =
      Number.isNaN(g) || Number.isNaN(w) ? Infinity : Math.abs(g - w) / (atol + rtol * Math.abs(w));
    if (ratio > worst) {
      worst = ratio;
      at = i;
    }
  }
  return { worst, at };
}

interface Snapshot {
  shape: number[];
  values: tf.TypedArray;
}

async function runOn(backendName: string, c: ConformanceCase, seed: number): Promise<Snapshot[]> {
  await tf.setBackend(backendName);
  return tf.tidy(() => {
    const rand = seededRandom(seed);
    const data: CaseData = {
      t: (shape, lo = -1, hi = 1) =>
        tf.tensor(
          uniform(
            rand,
            shape.reduce((a, b) => a * b, 1),
            lo,
            hi,
          ),
          shape,
          'float32',
        ),
    };
    return c.run(data).map((t) => ({ shape: t.shape, values: t.dataSync().slice() }));
  });
}

/** Runs every case on `backendName` and on 'cpu'; restores the previously active backend. */
export async function runConformance(
  backendName: string,
  cases = conformanceCases(),
  seed = 1234,
): Promise<ConformanceResult[]> {
  const previous = tf.getBackend();
  const results: ConformanceResult[] = [];
  for (const [i, c] of cases.entries()) {
    const want = await runOn('cpu', c, seed + i);
    const got = await runOn(backendName, c, seed + i);
    let ok = want.length === got.length,
      worst = 0,
      detail = '';
    for (let k = 0; ok && k < want.length; k++) {
      if (want[k].shape.join() !== got[k].shape.join()) {
        ok = false;
        detail = `output ${k}: shape [${got[k].shape}] but cpu gives [${want[k].shape}]`;
        break;
      }
      const r = compare(got[k].values, want[k].values, c.rtol, c.atol);
      if (r.worst > worst) {
        worst = r.worst;
        detail =
          r.at < 0 ? '' : `output ${k}[${r.at}]: ${got[k].values[r.at]} vs cpu ${want[k].values[r.at]}`;
      }
    }
    results.push({ name: c.name, kernels: c.kernels, ok: ok && worst <= 1, worst, detail });
  }
  if (previous) await tf.setBackend(previous);
  return results;
}
