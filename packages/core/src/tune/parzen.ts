/**
 * Univariate Parzen estimators for TPE: mixtures of Gaussians truncated to a
 * parameter's bounds, one component per observation plus a wide prior component.
 */

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** A mixture of Gaussians truncated to [low, high]. */
export interface Parzen {
  mus: number[];
  sigmas: number[];
  weights: number[];
  low: number;
  high: number;
}

/**
 * Fits the Parzen estimator to `xs` in [low, high]: one component per point with σ =
 * the larger distance to its sorted neighbours (bounds count as neighbours), clipped
 * to [(high−low)/min(100, n+1), high−low], plus a prior component at the midpoint
 * with σ = high−low. Weights: 1 per point, `priorWeight` for the prior, normalized.
 */
export function fitParzen(xs: readonly number[], low: number, high: number, priorWeight = 1): Parzen {
  const width = high - low || 1;
  const sorted = [...xs].sort((a, b) => a - b);
  const total = sorted.length + priorWeight;
  return {
    mus: [...sorted, (low + high) / 2],
    sigmas: [...bandwidths(sorted, low, high), width],
    weights: [...sorted.map(() => 1 / total), priorWeight / total],
    low,
    high,
  };
}

/**
 * The bandwidth of each of `xs` (in their order): the larger distance to its sorted
 * neighbours (the bounds count as neighbours), clipped to [(high−low)/min(100, n+1), high−low].
 */
export function bandwidths(xs: readonly number[], low: number, high: number): number[] {
  const width = high - low || 1;
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const minSigma = width / Math.min(100, xs.length + 1);
  const out = new Array<number>(xs.length);
  order.forEach((idx, r) => {
    const left = r === 0 ? low : xs[order[r - 1]];
    const right = r === order.length - 1 ? high : xs[order[r + 1]];
    out[idx] = Math.min(width, Math.max(minSigma, xs[idx] - left, right - xs[idx]));
  });
  return out;
}

/** The mixture's density at x (0 outside [low, high]). */
export function parzenDensity(p: Parzen, x: number): number {
  if (x < p.low || x > p.high) return 0;
  let d = 0;
  p.mus.forEach((mu, i) => {
    const s = p.sigmas[i];
    const mass = normalCdf((p.high - mu) / s) - normalCdf((p.low - mu) / s);
    const z = (x - mu) / s;
    d += (p.weights[i] * Math.exp(-0.5 * z * z)) / (s * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  });
  return d;
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** One draw from the mixture: pick a component by weight, then rejection-sample inside the bounds. */
export function sampleParzen(p: Parzen, rand: () => number): number {
  let r = rand();
  let i = 0;
  while (i < p.weights.length - 1 && r >= p.weights[i]) r -= p.weights[i++];
  for (let tries = 0; tries < 100; tries++) {
    const x = p.mus[i] + p.sigmas[i] * gaussian(rand);
    if (x >= p.low && x <= p.high) return x;
  }
  return p.low + (p.high - p.low) * rand();
}
