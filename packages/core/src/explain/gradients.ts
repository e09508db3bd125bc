/**
 * Gradient attributions on differentiable (tfjs) models: saliency (|∂f_c/∂x|, Simonyan et
 * al. 2014), Integrated Gradients (Sundararajan et al. 2017) with its completeness check,
 * and SmoothGrad (Smilkov et al. 2017). Rows are flat Float32Arrays of `inputShape` size.
 */
import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { rowSize, type DifferentiableModel } from './differentiable.ts';
import { Rng } from './rng.ts';

/** Which output each row is explained for: its top output (`top`), one index for all rows, or one per row. */
export type Target = 'top' | number | ArrayLike<number>;

/** Attributions of `rows` rows for their target outputs: `values` is rows × prod(inputShape). */
export interface GradientAttribution {
  method: 'saliency' | 'integrated-gradients' | 'smoothgrad' | 'grad-cam';
  rows: number;
  inputShape: number[];
  values: Float32Array;
  targets: Int32Array;
}

/** Integrated Gradients' result, with f at the row and at the baseline and the completeness error per row. */
export interface IntegratedGradientsResult extends GradientAttribution {
  outputsAtX: Float64Array;
  outputsAtBaseline: Float64Array;
  /** |Σ attributions − (f(x) − f(x'))| / |f(x) − f(x')| per row (absolute when the difference is < 1e-12). */
  completenessError: Float64Array;
}

/** Model outputs at `x` (rows × outputs). */
export function outputsOf(dm: DifferentiableModel, x: Float32Array, rows: number): Float32Array {
  return tf.tidy(() => dm.apply(tf.tensor(x, [rows, ...dm.inputShape])).dataSync() as Float32Array);
}

/** Resolves a `Target` to one output index per row. */
export function resolveTargets(
  dm: DifferentiableModel,
  x: Float32Array,
  rows: number,
  target: Target,
): Int32Array {
  if (target === 'top') {
    const y = outputsOf(dm, x, rows);
    return Int32Array.from({ length: rows }, (_, r) => {
      let best = 0;
      for (let o = 1; o < dm.outputs; o++) if (y[r * dm.outputs + o] > y[r * dm.outputs + best]) best = o;
      return best;
    });
  }
  const t = typeof target === 'number' ? new Int32Array(rows).fill(target) : Int32Array.from(target);
  if (t.length !== rows || t.some((c) => !(c >= 0 && c < dm.outputs))) {
    throw new FrontierError(
      'EXPLAIN_BAD_TARGET',
      `targets must be ${rows} output indices in [0, ${dm.outputs})`,
      {
        where: 'target',
        hint: "pass 'top', one output index, or one index per row",
      },
    );
  }
  return t;
}

function checkX(dm: DifferentiableModel, x: Float32Array, rows: number, where: string): void {
  if (x.length !== rows * rowSize(dm)) {
    throw new FrontierError(
      'EXPLAIN_BAD_INPUT',
      `x holds ${x.length} values, not ${rows} rows of ${dm.inputShape.join('×')}`,
      {
        where,
        hint: 'pass row-major data in the model input shape',
      },
    );
  }
}

/**
 * ∂ f_{t_r}(x_r) / ∂ x_r for every row of `x` (a batch of `n` rows, each repeated as given),
 * with `targets[r]` the output index of row r. Returns n × rowSize values.
 */
export function targetGradients(
  dm: DifferentiableModel,
  x: Float32Array,
  n: number,
  targets: Int32Array,
): Float32Array {
  return tf.tidy(() => {
    // Built by hand: tf.oneHot refuses depth 1 (single-output models).
    const hot = new Float32Array(n * dm.outputs);
    for (let r = 0; r < n; r++) hot[r * dm.outputs + targets[r]] = 1;
    const mask = tf.tensor2d(hot, [n, dm.outputs]);
    const g = tf.grad((inp: tf.Tensor) => tf.sum(tf.mul(dm.apply(inp), mask)));
    return g(tf.tensor(x, [n, ...dm.inputShape])).dataSync() as Float32Array;
  });
}

/** Saliency: the gradient of the target output (absolute value unless `absolute: false`). */
export function saliency(
  dm: DifferentiableModel,
  x: Float32Array,
  rows: number,
  opts: { target?: Target; absolute?: boolean } = {},
): GradientAttribution {
  checkX(dm, x, rows, 'saliency x');
  const targets = resolveTargets(dm, x, rows, opts.target ?? 'top');
  const g = targetGradients(dm, x, rows, targets);
  if (opts.absolute ?? true) for (let i = 0; i < g.length; i++) g[i] = Math.abs(g[i]);
  return { method: 'saliency', rows, inputShape: dm.inputShape, values: g, targets };
}

/**
 * Options of `integratedGradients`: `baseline` (one row, default all zeros), `steps`
 * (default 64; midpoint Riemann sum, α_k = (k + ½)/steps), `batchSize` (interpolated rows
 * per gradient call, default 64), `target` (default `top`).
 */
export interface IntegratedGradientsOptions {
  baseline?: Float32Array;
  steps?: number;
  batchSize?: number;
  target?: Target;
}

/**
 * Integrated Gradients: (x − x') · ∫₀¹ ∂f_t(x' + α(x − x'))/∂x dα. Completeness says the
 * attributions sum to f_t(x) − f_t(x'); the result reports how far the sum misses it.
 */
export function integratedGradients(
  dm: DifferentiableModel,
  x: Float32Array,
  rows: number,
  opts: IntegratedGradientsOptions = {},
): IntegratedGradientsResult {
  checkX(dm, x, rows, 'integratedGradients x');
  const size = rowSize(dm);
  const baseline = opts.baseline ?? new Float32Array(size);
  if (baseline.length !== size) {
    throw new FrontierError('EXPLAIN_BAD_INPUT', `baseline holds ${baseline.length} values, not ${size}`, {
      where: 'integratedGradients baseline',
      hint: 'pass one row in the model input shape (e.g. a black image)',
    });
  }
  const steps = opts.steps ?? 64;
  const batch = Math.max(1, opts.batchSize ?? 64);
  const targets = resolveTargets(dm, x, rows, opts.target ?? 'top');
  const values = new Float32Array(rows * size);
  const fx = outputsOf(dm, x, rows);
  const fb = outputsOf(dm, baseline, 1);
  const outputsAtX = new Float64Array(rows);
  const outputsAtBaseline = new Float64Array(rows);
  const completenessError = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * size, (r + 1) * size);
    const sum = new Float64Array(size);
    for (let k0 = 0; k0 < steps; k0 += batch) {
      const n = Math.min(batch, steps - k0);
      const path = new Float32Array(n * size);
      for (let k = 0; k < n; k++) {
        const a = (k0 + k + 0.5) / steps;
        for (let i = 0; i < size; i++) path[k * size + i] = baseline[i] + a * (row[i] - baseline[i]);
      }
      const g = targetGradients(dm, path, n, new Int32Array(n).fill(targets[r]));
      for (let k = 0; k < n; k++) for (let i = 0; i < size; i++) sum[i] += g[k * size + i];
    }
    let total = 0;
    for (let i = 0; i < size; i++) {
      const v = ((row[i] - baseline[i]) * sum[i]) / steps;
      values[r * size + i] = v;
      total += v;
    }
    outputsAtX[r] = fx[r * dm.outputs + targets[r]];
    outputsAtBaseline[r] = fb[targets[r]];
    const diff = outputsAtX[r] - outputsAtBaseline[r];
    completenessError[r] =
      Math.abs(diff) < 1e-12 ? Math.abs(total - diff) : Math.abs(total - diff) / Math.abs(diff);
  }
  return {
    method: 'integrated-gradients',
    rows,
    inputShape: dm.inputShape,
    values,
    targets,
    outputsAtX,
    outputsAtBaseline,
    completenessError,
  };
}

/**
 * SmoothGrad: the mean gradient over `samples` (default 32) copies of each row with
 * Gaussian noise of σ = `noiseLevel` (default 0.15) × (max − min of the row) added;
 * `absolute` (default false) averages |gradient| instead. Seeded (default 0).
 */
export function smoothGrad(
  dm: DifferentiableModel,
  x: Float32Array,
  rows: number,
  opts: {
    samples?: number;
    noiseLevel?: number;
    seed?: number;
    target?: Target;
    absolute?: boolean;
    batchSize?: number;
  } = {},
): GradientAttribution {
  checkX(dm, x, rows, 'smoothGrad x');
  const size = rowSize(dm);
  const samples = opts.samples ?? 32;
  const batch = Math.max(1, opts.batchSize ?? 32);
  const targets = resolveTargets(dm, x, rows, opts.target ?? 'top');
  const rng = new Rng(opts.seed ?? 0);
  const values = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * size, (r + 1) * size);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of row) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const sigma = (opts.noiseLevel ?? 0.15) * (hi - lo || 1);
    const sum = new Float64Array(size);
    for (let k0 = 0; k0 < samples; k0 += batch) {
      const n = Math.min(batch, samples - k0);
      const noisy = new Float32Array(n * size);
      for (let k = 0; k < n; k++)
        for (let i = 0; i < size; i++) noisy[k * size + i] = row[i] + sigma * rng.normal();
      const g = targetGradients(dm, noisy, n, new Int32Array(n).fill(targets[r]));
      for (let k = 0; k < n; k++)
        for (let i = 0; i < size; i++) sum[i] += opts.absolute ? Math.abs(g[k * size + i]) : g[k * size + i];
    }
    for (let i = 0; i < size; i++) values[r * size + i] = sum[i] / samples;
  }
  return { method: 'smoothgrad', rows, inputShape: dm.inputShape, values, targets };
}
