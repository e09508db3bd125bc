/**
 * The background (reference) data SHAP integrates absent features over, possibly
 * weighted: summarized by k-means (weights = cluster sizes) or by sampling rows.
 */
import { FrontierError } from '../util/errors.ts';
import { Rng } from './rng.ts';

/** `rows × features` reference rows (row-major) with a non-negative weight per row summing to 1. */
export interface Background {
  data: Float64Array;
  rows: number;
  features: number;
  weights: Float64Array;
}

/** Uses all `rows` rows of `data` as the background, equally weighted. */
export function backgroundOf(data: Float64Array, rows: number): Background {
  const features = data.length / rows;
  if (!Number.isInteger(features) || rows < 1) {
    throw new FrontierError(
      'EXPLAIN_BAD_BACKGROUND',
      `background holds ${data.length} values, not ${rows} whole rows`,
      {
        where: 'background',
        hint: 'pass row-major data and its row count',
      },
    );
  }
  return { data: Float64Array.from(data), rows, features, weights: new Float64Array(rows).fill(1 / rows) };
}

/** A background of `k` rows drawn without replacement (seeded), equally weighted; all rows when k ≥ rows. */
export function sampleBackground(data: Float64Array, rows: number, k: number, seed = 0): Background {
  const all = backgroundOf(data, rows);
  if (k >= rows) return all;
  const perm = new Rng(seed).permutation(rows);
  const d = all.features;
  const out = new Float64Array(k * d);
  for (let i = 0; i < k; i++) out.set(all.data.subarray(perm[i] * d, perm[i] * d + d), i * d);
  return { data: out, rows: k, features: d, weights: new Float64Array(k).fill(1 / k) };
}

/**
 * Summarizes `data` by k-means (k-means++ seeding, Lloyd iterations until assignments stop
 * changing or `maxIter`). Each centroid's coordinates are then snapped to the nearest value
 * that feature takes in the data, so one-hot and integer features stay valid inputs.
 * Weights are the clusters' shares of the rows. Returns all rows when k ≥ rows.
 */
export function kmeansBackground(
  data: Float64Array,
  rows: number,
  k: number,
  opts: { seed?: number; maxIter?: number } = {},
): Background {
  const all = backgroundOf(data, rows);
  if (k >= rows) return all;
  const d = all.features;
  const rng = new Rng(opts.seed ?? 0);
  const dist2 = (i: number, c: Float64Array, ci: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j] - c[ci * d + j];
      s += t * t;
    }
    return s;
  };
  const cent = new Float64Array(k * d);
  const first = rng.int(rows);
  cent.set(data.subarray(first * d, first * d + d), 0);
  const best = new Float64Array(rows).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < rows; i++) {
      best[i] = Math.min(best[i], dist2(i, cent, c - 1));
      total += best[i];
    }
    let pick = rows - 1;
    let u = rng.uniform() * total;
    for (let i = 0; i < rows; i++) {
      u -= best[i];
      if (u < 0) {
        pick = i;
        break;
      }
    }
    cent.set(data.subarray(pick * d, pick * d + d), c * d);
  }
  const assign = new Int32Array(rows).fill(-1);
  const counts = new Float64Array(k);
  for (let iter = 0; iter < (opts.maxIter ?? 100); iter++) {
    let changed = false;
    for (let i = 0; i < rows; i++) {
      let bi = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const v = dist2(i, cent, c);
        if (v < bd) {
          bd = v;
          bi = c;
        }
      }
      if (assign[i] !== bi) changed = true;
      assign[i] = bi;
    }
    if (!changed) break;
    const sums = new Float64Array(k * d);
    counts.fill(0);
    for (let i = 0; i < rows; i++) {
      counts[assign[i]]++;
      for (let j = 0; j < d; j++) sums[assign[i] * d + j] += data[i * d + j];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue; // an empty cluster keeps its centroid
      for (let j = 0; j < d; j++) cent[c * d + j] = sums[c * d + j] / counts[c];
    }
  }
  counts.fill(0);
  for (let i = 0; i < rows; i++) counts[assign[i]]++;
  for (let j = 0; j < d; j++) {
    const values = Float64Array.from(new Set(Array.from({ length: rows }, (_, i) => data[i * d + j]))).sort();
    for (let c = 0; c < k; c++) cent[c * d + j] = nearestValue(values, cent[c * d + j]);
  }
  const kept = [...counts.keys()].filter((c) => counts[c] > 0);
  const out = new Float64Array(kept.length * d);
  kept.forEach((c, i) => out.set(cent.subarray(c * d, c * d + d), i * d));
  return {
    data: out,
    rows: kept.length,
    features: d,
    weights: Float64Array.from(kept, (c) => counts[c] / rows),
  };
}

/** The element of sorted `values` nearest to `v` (binary search). */
function nearestValue(values: Float64Array, v: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= v) lo = mid;
    else hi = mid;
  }
  return Math.abs(values[lo] - v) <= Math.abs(values[hi] - v) ? values[lo] : values[hi];
}
