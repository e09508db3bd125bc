/**
 * Tree-structured Parzen Estimator (Bergstra et al., 2011).
 *
 * Completed trials are ranked (finished by value, then pruned ones by how far they
 * got and their last value) and split at the γ quantile into good and bad. For each
 * active parameter, a Parzen density l(x) is fit to the good values and g(x) to the
 * bad ones: a mixture of truncated Gaussians (one per observation, bandwidth = the
 * larger gap to its neighbours, clipped) plus a wide prior component in the internal
 * (log where log-scaled) coordinate, or smoothed frequencies for choices. Candidates
 * are drawn from l and the one with the largest l(x)/g(x) wins. Conditional
 * parameters are modelled only on trials where they were active, which is what makes
 * the estimator "tree-structured". With `multivariate` (the default) the unconditional
 * parameters are drawn and scored jointly instead (tpe-joint.ts). Until
 * `nStartupTrials` trials complete, it samples at random.
 */
import { internalBounds, isActive, fromInternal, sameValue, sampleSpace, validateSpace } from './space.ts';
import type { ChoiceParam, FloatParam, IntParam, ParamValue, Params, SearchSpace } from './space.ts';
import { bestFirst, type Direction, type SampleContext, type Sampler, type TrialView } from './types.ts';
import { fitParzen, parzenDensity, sampleParzen } from './parzen.ts';
import { bestJointCandidate, type JointDim } from './tpe-joint.ts';

/** TPE settings. Defaults: 10 random startup trials, γ = 0.25, 24 candidates, prior weight 1. */
export interface TpeOptions {
  nStartupTrials?: number;
  /** Fraction of ranked trials counted as good (at least one). */
  gamma?: number;
  /** Candidates drawn from l(x) per parameter. */
  nCandidates?: number;
  /** Weight of the prior component (uniform-ish wide Gaussian / uniform over choices). */
  priorWeight?: number;
  /**
   * Model the unconditional parameters jointly (tpe-joint.ts), so that values good
   * together are proposed together; conditional ones stay univariate. Default true.
   */
  multivariate?: boolean;
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
  readonly multivariate: boolean;

  constructor(options: TpeOptions = {}) {
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.gamma = options.gamma ?? 0.25;
    this.nCandidates = options.nCandidates ?? 24;
    this.priorWeight = options.priorWeight ?? 1;
    this.multivariate = options.multivariate ?? true;
  }

  sample(space: SearchSpace, trials: readonly TrialView[], ctx: SampleContext): Params {
    const ranked = rankTrials(trials, ctx.direction);
    if (ranked.length < this.nStartupTrials) return sampleSpace(space, ctx.rand);
    const nGood = Math.max(1, Math.ceil(this.gamma * ranked.length));
    const good = ranked.slice(0, nGood);
    const bad = ranked.slice(nGood);
    const names = validateSpace(space);
    const joint: JointDim[] = this.multivariate
      ? names.filter((name) => space[name].when === undefined).map((name) => ({ name, p: space[name] }))
      : [];
    const out: Params =
      joint.length > 1
        ? bestJointCandidate(
            joint,
            pointsWith(good, joint),
            pointsWith(bad, joint),
            this.nCandidates,
            this.priorWeight,
            ctx.rand,
          )
        : {};
    for (const name of names) {
      if (name in out || !isActive(space, name, out)) continue;
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

/**
 * The params of the trials that have every joint dimension: a study resumed with a
 * wider space has older trials without the new parameters, which the joint density
 * cannot place (the univariate path skips them per parameter the same way).
 */
function pointsWith(trials: readonly TrialView[], dims: readonly JointDim[]): Params[] {
  return trials.filter((t) => dims.every((d) => d.name in t.params)).map((t) => t.params);
}
