/**
 * Which coalitions KernelSHAP evaluates, and their Shapley-kernel weights: every
 * coalition when that is within budget (then the regression returns exact Shapley
 * values), otherwise whole subset sizes from the outside in (size s and M − s, the
 * heaviest kernel weight) while they fit, then paired random draws from the rest.
 */
import { choose } from './linalg.ts';
import type { Rng } from './rng.ts';

/** `n` coalitions over `m` features (`masks`: n × m bytes) with their regression weights. */
export interface CoalitionPlan {
  m: number;
  n: number;
  masks: Uint8Array;
  weights: Float64Array;
  /** `exact`: every coalition enumerated; `sampled`: some subset sizes sampled. */
  mode: 'exact' | 'sampled';
}

/** 2^m − 2 (the number of coalitions other than ∅ and all), as a float for large m. */
export function properCoalitions(m: number): number {
  return 2 ** m - 2;
}

/** KernelSHAP's default budget: 2M + 2048 coalitions, capped at 2^M − 2. */
export function defaultNsamples(m: number): number {
  return Math.min(2 * m + 2048, properCoalitions(m));
}

/** The Shapley kernel weight of one coalition of size s among m features: (m−1)/(C(m,s)·s·(m−s)). */
export function shapleyKernel(m: number, s: number): number {
  return (m - 1) / (choose(m, s) * s * (m - s));
}

/** Every proper coalition of m features (m ≤ 30), each with its Shapley kernel weight. */
export function enumeratePlan(m: number): CoalitionPlan {
  const n = properCoalitions(m);
  const masks = new Uint8Array(n * m);
  const weights = new Float64Array(n);
  for (let s = 1; s <= n; s++) {
    let size = 0;
    for (let j = 0; j < m; j++) {
      const bit = Math.floor(s / 2 ** j) % 2;
      masks[(s - 1) * m + j] = bit;
      size += bit;
    }
    weights[s - 1] = shapleyKernel(m, size);
  }
  return { m, n, masks, weights, mode: 'exact' };
}

/** Calls `visit(indices)` for every size-`s` subset of 0..m-1, in lexicographic order. */
function forEachSubset(m: number, s: number, visit: (idx: Int32Array) => void): void {
  const idx = Int32Array.from({ length: s }, (_, i) => i);
  for (;;) {
    visit(idx);
    let i = s - 1;
    while (i >= 0 && idx[i] === m - s + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < s; j++) idx[j] = idx[j - 1] + 1;
  }
}

/**
 * A plan of at most `nsamples` coalitions over m ≥ 2 features. Enumerates when
 * `nsamples ≥ 2^m − 2`. Otherwise: the kernel's mass per subset size (sizes s and m − s
 * together) is spent on whole sizes, smallest s first, while the remaining budget covers
 * that size's share; the mass left goes to random coalitions drawn by size ∝ mass, each
 * with its complement (paired sampling), repeats merged and weighted by how often drawn.
 */
export function coalitionPlan(m: number, nsamples: number, rng: Rng): CoalitionPlan {
  if (m <= 30 && nsamples >= properCoalitions(m)) return enumeratePlan(m);
  const numSizes = Math.ceil((m - 1) / 2);
  const numPaired = Math.floor((m - 1) / 2);
  const sizeMass = new Float64Array(numSizes + 1);
  let total = 0;
  for (let s = 1; s <= numSizes; s++) {
    sizeMass[s] = ((m - 1) / (s * (m - s))) * (s <= numPaired ? 2 : 1);
    total += sizeMass[s];
  }
  for (let s = 1; s <= numSizes; s++) sizeMass[s] /= total;

  const masks: number[][] = [];
  const weights: number[] = [];
  let left = nsamples;
  let massLeft = 1;
  let firstOpen = 1;
  for (let s = 1; s <= numSizes; s++) {
    const count = choose(m, s) * (s <= numPaired ? 2 : 1);
    if (left * (sizeMass[s] / massLeft) < count - 1e-8) break;
    const w = sizeMass[s] / count;
    forEachSubset(m, s, (idx) => {
      const mask = new Array<number>(m).fill(0);
      for (const i of idx) mask[i] = 1;
      masks.push(mask);
      weights.push(w);
      if (s <= numPaired) {
        masks.push(mask.map((b) => 1 - b));
        weights.push(w);
      }
    });
    left -= count;
    massLeft -= sizeMass[s];
    firstOpen = s + 1;
  }
  if (left > 0 && firstOpen <= numSizes) {
    const seen = new Map<string, number>();
    const drawn: number[][] = [];
    const hits: number[] = [];
    const add = (mask: number[]): void => {
      const key = mask.join('');
      const at = seen.get(key);
      if (at === undefined) {
        seen.set(key, drawn.length);
        drawn.push(mask);
        hits.push(1);
      } else hits[at]++;
    };
    let draws = 0;
    // Each new distinct coalition spends budget; repeats only add weight. Cap the tries
    // so a nearly exhausted size distribution cannot loop for long.
    for (let tries = 0; drawn.length < left && tries < 20 * left + 1000; tries++) {
      let u = rng.uniform() * massLeft;
      let s = firstOpen;
      for (; s < numSizes; s++) {
        u -= sizeMass[s];
        if (u < 0) break;
      }
      const perm = rng.permutation(m);
      const mask = new Array<number>(m).fill(0);
      for (let i = 0; i < s; i++) mask[perm[i]] = 1;
      add(mask);
      draws++;
      if (s <= numPaired && drawn.length < left) {
        add(mask.map((b) => 1 - b));
        draws++;
      }
    }
    for (let k = 0; k < drawn.length; k++) {
      masks.push(drawn[k]);
      weights.push((massLeft * hits[k]) / draws);
    }
  }
  const n = masks.length;
  const out = new Uint8Array(n * m);
  masks.forEach((mask, k) => out.set(mask, k * m));
  return { m, n, masks: out, weights: Float64Array.from(weights), mode: 'sampled' };
}
