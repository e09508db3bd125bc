/** Small dense linear algebra in float64 for the surrogate fits (KernelSHAP, LIME). */
import { FrontierError } from '../util/errors.ts';

/**
 * Solves the symmetric positive (semi)definite system `A x = b` for several right-hand
 * sides by Gaussian elimination with partial pivoting. `a` is n×n row-major, `b` is
 * n×k row-major; both are left untouched. Returns x (n×k). Throws FrontierError
 * `EXPLAIN_SINGULAR` when A is singular to working precision.
 */
export function solve(a: Float64Array, b: Float64Array, n: number, k: number, where: string): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(m[i * n + i]));
  const tiny = Math.max(scale, 1e-300) * 1e-12;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[piv * n + col])) piv = r;
    if (Math.abs(m[piv * n + col]) <= tiny) {
      throw new FrontierError(
        'EXPLAIN_SINGULAR',
        `the surrogate's normal equations are singular at column ${col}`,
        {
          where,
          hint: 'use more samples (nsamples / numSamples), or add ridge regularization',
        },
      );
    }
    if (piv !== col) {
      for (let c = 0; c < n; c++) [m[col * n + c], m[piv * n + c]] = [m[piv * n + c], m[col * n + c]];
      for (let c = 0; c < k; c++) [x[col * k + c], x[piv * k + c]] = [x[piv * k + c], x[col * k + c]];
    }
    const d = m[col * n + col];
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col] / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] -= f * m[col * n + c];
      for (let c = 0; c < k; c++) x[r * k + c] -= f * x[col * k + c];
    }
  }
  for (let col = n - 1; col >= 0; col--) {
    const d = m[col * n + col];
    for (let c = 0; c < k; c++) {
      let s = x[col * k + c];
      for (let j = col + 1; j < n; j++) s -= m[col * n + j] * x[j * k + c];
      x[col * k + c] = s / d;
    }
  }
  return x;
}

/**
 * Weighted ridge regression with an unpenalized intercept: minimizes
 * Σ_i w_i (y_i − b − X_i·β)² + alpha‖β‖². `x` is rows×p, `y` rows×k (k targets fitted
 * at once). Returns coefficients β (p×k) and intercepts b (k).
 */
export function weightedRidge(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  rows: number,
  p: number,
  k: number,
  alpha: number,
  where: string,
): { coef: Float64Array; intercept: Float64Array } {
  let sw = 0;
  const mx = new Float64Array(p);
  const my = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    sw += w[i];
    for (let j = 0; j < p; j++) mx[j] += w[i] * x[i * p + j];
    for (let c = 0; c < k; c++) my[c] += w[i] * y[i * k + c];
  }
  for (let j = 0; j < p; j++) mx[j] /= sw;
  for (let c = 0; c < k; c++) my[c] /= sw;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p * k);
  const xc = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    for (let j = 0; j < p; j++) xc[j] = x[i * p + j] - mx[j];
    for (let j = 0; j < p; j++) {
      const v = wi * xc[j];
      if (v === 0) continue;
      for (let l = j; l < p; l++) a[j * p + l] += v * xc[l];
      for (let c = 0; c < k; c++) b[j * k + c] += v * (y[i * k + c] - my[c]);
    }
  }
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < j; l++) a[j * p + l] = a[l * p + j];
    a[j * p + j] += alpha;
  }
  const coef = p === 0 ? new Float64Array(0) : solve(a, b, p, k, where);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = my[c];
    for (let j = 0; j < p; j++) s -= mx[j] * coef[j * k + c];
    intercept[c] = s;
  }
  return { coef, intercept };
}

/** Binomial coefficient C(n, k) as a float (exact for the sizes used here). */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r < 2 ** 53 ? Math.round(r) : r;
}
