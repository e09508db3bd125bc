/**
 * The joint ("multivariate") form of TPE's densities: l(x) and g(x) over several
 * parameters at once, each a mixture with one component per observation (plus a wide
 * prior component) whose kernel is a product over the parameters: a truncated
 * Gaussian per numeric parameter (in the internal, log where log-scaled, coordinate;
 * bandwidth by the same neighbour rule as the univariate estimator) and a smoothed
 * indicator per choice. Unlike the univariate form, it sees which values occur
 * *together* in good trials (e.g. a high learning rate only with a large batch).
 */
import { bandwidths, normalCdf } from './parzen.ts';
import { fromInternal, internalBounds, sameValue, toInternal } from './space.ts';
import type { ChoiceParam, FloatParam, IntParam, Params } from './space.ts';

/** One parameter of a joint density. */
export type JointDim = { name: string; p: IntParam | FloatParam | ChoiceParam };

/** A fitted joint density: per component, its weight and per-dimension centre (and σ for numeric ones; centre −1 is the uniform prior). */
export interface JointParzen {
  dims: JointDim[];
  weights: number[];
  centres: number[][];
  sigmas: number[][];
  priorWeight: number;
}

/** Fits the joint density to `points` (each has every dim's value). */
export function fitJoint(dims: JointDim[], points: readonly Params[], priorWeight = 1): JointParzen {
  const n = points.length;
  const centres: number[][] = points.map(() => []);
  const sigmas: number[][] = points.map(() => []);
  const prior: number[] = [];
  const priorSigma: number[] = [];
  for (const { name, p } of dims) {
    if (p.type === 'choice') {
      points.forEach((pt, i) => {
        centres[i].push(p.values.findIndex((v) => sameValue(v, pt[name])));
        sigmas[i].push(0);
      });
      prior.push(-1);
      priorSigma.push(0);
    } else {
      const [low, high] = internalBounds(p);
      const xs = points.map((pt) => toInternal(p, pt[name] as number));
      const bw = bandwidths(xs, low, high);
      xs.forEach((x, i) => {
        centres[i].push(x);
        sigmas[i].push(bw[i]);
      });
      prior.push((low + high) / 2);
      priorSigma.push(high - low || 1);
    }
  }
  const total = n + priorWeight;
  return {
    dims,
    weights: [...points.map(() => 1 / total), priorWeight / total],
    centres: [...centres, prior],
    sigmas: [...sigmas, priorSigma],
    priorWeight,
  };
}

/** log of the joint density at internal point `x` (choice dims as value indices). */
export function jointLogDensity(j: JointParzen, x: readonly number[]): number {
  let sum = 0;
  j.weights.forEach((w, c) => {
    let d = w;
    j.dims.forEach(({ p }, k) => {
      if (d === 0) return;
      const centre = j.centres[c][k];
      if (p.type === 'choice') {
        const kk = p.values.length;
        const hit = centre === -1 ? 1 / kk : x[k] === centre ? 1 : 0;
        d *= (hit + j.priorWeight / kk) / (1 + j.priorWeight);
      } else {
        const [low, high] = internalBounds(p);
        const s = j.sigmas[c][k];
        const mass = normalCdf((high - centre) / s) - normalCdf((low - centre) / s);
        const z = (x[k] - centre) / s;
        d *= Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
      }
    });
    sum += d;
  });
  return Math.log(sum + 1e-300);
}

/** One draw from the joint density: a component by weight, then each dim from its kernel. */
export function sampleJoint(j: JointParzen, rand: () => number): number[] {
  let r = rand();
  let c = 0;
  while (c < j.weights.length - 1 && r >= j.weights[c]) r -= j.weights[c++];
  return j.dims.map(({ p }, k) => {
    const centre = j.centres[c][k];
    if (p.type === 'choice') {
      const kk = p.values.length;
      // The kernel: the centre with weight 1, every value with priorWeight/k (uniform when centre is −1).
      const own = centre === -1 ? 0 : 1 / (1 + j.priorWeight);
      return rand() < own ? centre : Math.min(kk - 1, Math.floor(rand() * kk));
    }
    const [low, high] = internalBounds(p);
    const s = j.sigmas[c][k];
    for (let tries = 0; tries < 100; tries++) {
      const u = Math.max(rand(), 1e-12);
      const x = centre + s * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
      if (x >= low && x <= high) return x;
    }
    return low + (high - low) * rand();
  });
}

/** The parameter values of internal point `x`. */
export function jointParams(dims: JointDim[], x: readonly number[]): Params {
  return Object.fromEntries(
    dims.map(({ name, p }, k) => [name, p.type === 'choice' ? p.values[x[k]] : fromInternal(p, x[k])]),
  );
}

/** The point of `good`'s joint density among `candidates` draws with the largest l(x)/g(x). */
export function bestJointCandidate(
  dims: JointDim[],
  good: readonly Params[],
  bad: readonly Params[],
  candidates: number,
  priorWeight: number,
  rand: () => number,
): Params {
  const l = fitJoint(dims, good, priorWeight);
  const g = fitJoint(dims, bad, priorWeight);
  let best = sampleJoint(l, rand);
  let bestScore = -Infinity;
  for (let i = 0; i < candidates; i++) {
    const x = i === 0 ? best : sampleJoint(l, rand);
    const score = jointLogDensity(l, x) - jointLogDensity(g, x);
    if (score > bestScore) [best, bestScore] = [x, score];
  }
  return jointParams(dims, best);
}
