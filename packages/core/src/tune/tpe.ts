/**
 * Tree-structured Parzen Estimator (Bergstra et al., 2011), univariate form.
 *
 * Completed trials are ranked (finished by value, then pruned ones by how far they
 * got and their last value) and split at the γ quantile into good and bad. For each
 * active parameter, a Parzen density l(x) is fit to the good values and g(x) to the
 * bad ones: a mixture of truncated Gaussians (one per observation, bandwidth = the
 * larger gap to its neighbours, clipped) plus a wide prior component in the internal
 * (log where log-scaled) coordinate, or smoothed frequencies for choices. Candidates
 * are drawn from l and the one with the largest l(x)/g(x) wins. Conditional
 * parameters are modelled only on trials where they were active, which is what makes
 * the estimator "tree-structured". Until `nStartupTrials` trials complete, it samples
 * at random.
 */
import { internalBounds, isActive, fromInternal, sameValue, sampleSpace, validateSpace } from './space.ts';
import type { ChoiceParam, FloatParam, IntParam, ParamValue, Params, SearchSpace } from './space.ts';
import { bestFirst, type Direction, type SampleContext, type Sampler, type TrialView } from './types.ts';

/** TPE settings. Defaults: 10 random startup trials, γ = 0.25, 24 candidates, prior weight 1. */
export interface TpeOptions {
  nStartupTrials?: number;
  /** Fraction of ranked trials counted as good (at least one). */
  gamma?: number;
  /** Candidates drawn from l(x) per parameter. */
  nCandidates?: number;
  /** Weight of the prior component (uniform-ish wide Gaussian / uniform over choices). */
  priorWeight?: number;
}

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
  const minSigma = width / Math.min(100, sorted.length + 1);
  const sigmas = sorted.map((x, i) => {
    const left = i === 0 ? low : sorted[i - 1];
    const right = i === sorted.length - 1 ? high : sorted[i + 1];
    return Math.min(width, Math.max(minSigma, x - left, right - x));
  });
  const total = sorted.length + priorWeight;
  return {
    mus: [...sorted, (low + high) / 2],
    sigmas: [...sigmas, width],
    weights: [...sorted.map(() => 1 / total), priorWeight / total],
    low,
    high,
  };
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

/** Ranks completed trials best first: finished by value, then pruned by last step reached (desc) and value there. */
export function rankTrials(trials: readonly TrialView[], direction: Direction): TrialView[] {
  const cmp = bestFirst(direction);
  const last = (t: TrialView) => Math.max(...t.intermediate.keys());
  const finished = trials.filter((t) => t.state === 'finished' && t.value !== undefined);
  const pruned = trials.filter((t) => t.state === 'pruned' && t.intermediate.size > 0);
  finished.sort((a, b) => cmp(a.value!, b.value!) || a.number - b.number);
  pruned.sort(
    (a, b) =>
      last(b) - last(a) ||
      cmp(a.intermediate.get(last(a))!, b.intermediate.get(last(b))!) ||
      a.number - b.number,
  );
  return [...finished, ...pruned];
}

/** See the file comment. */
export class TpeSampler implements Sampler {
  readonly name = 'tpe';
  readonly nStartupTrials: number;
  readonly gamma: number;
  readonly nCandidates: number;
  readonly priorWeight: number;

  constructor(options: TpeOptions = {}) {
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.gamma = options.gamma ?? 0.25;
    this.nCandidates = options.nCandidates ?? 24;
    this.priorWeight = options.priorWeight ?? 1;
  }

  sample(space: SearchSpace, trials: readonly TrialView[], ctx: SampleContext): Params {
    const ranked = rankTrials(trials, ctx.direction);
    if (ranked.length < this.nStartupTrials) return sampleSpace(space, ctx.rand);
    const nGood = Math.max(1, Math.ceil(this.gamma * ranked.length));
    const good = ranked.slice(0, nGood);
    const bad = ranked.slice(nGood);
    const out: Params = {};
    for (const name of validateSpace(space)) {
      if (!isActive(space, name, out)) continue;
      const p = space[name];
      const goodVals = good.filter((t) => name in t.params).map((t) => t.params[name]);
      const badVals = bad.filter((t) => name in t.params).map((t) => t.params[name]);
      out[name] =
        p.type === 'choice'
          ? this.sampleChoice(p, goodVals, badVals, ctx.rand)
          : this.sampleNumber(p, goodVals as number[], badVals as number[], ctx.rand);
    }
    return out;
  }

  private sampleNumber(p: IntParam | FloatParam, good: number[], bad: number[], rand: () => number): number {
    const [low, high] = internalBounds(p);
    const internal = (v: number) => (p.log ? Math.log(v) : v);
    const l = fitParzen(good.map(internal), low, high, this.priorWeight);
    const g = fitParzen(bad.map(internal), low, high, this.priorWeight);
    let best = sampleParzen(l, rand);
    let bestScore = -Infinity;
    for (let i = 0; i < this.nCandidates; i++) {
      const x = i === 0 ? best : sampleParzen(l, rand);
      const score = Math.log(parzenDensity(l, x) + 1e-300) - Math.log(parzenDensity(g, x) + 1e-300);
      if (score > bestScore) [best, bestScore] = [x, score];
    }
    return fromInternal(p, best);
  }

  private sampleChoice(
    p: ChoiceParam,
    good: ParamValue[],
    bad: ParamValue[],
    rand: () => number,
  ): ParamValue {
    const k = p.values.length;
    const probs = (vals: ParamValue[]) =>
      p.values.map(
        (v) =>
          (vals.filter((u) => sameValue(u, v)).length + this.priorWeight / k) /
          (vals.length + this.priorWeight),
      );
    const l = probs(good);
    const g = probs(bad);
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < this.nCandidates; i++) {
      let r = rand();
      let j = 0;
      while (j < k - 1 && r >= l[j]) r -= l[j++];
      const score = Math.log(l[j]) - Math.log(g[j]);
      if (score > bestScore) [best, bestScore] = [j, score];
    }
    return p.values[best];
  }
}
