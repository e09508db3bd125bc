/** Quantile discretization of tabular features for LIME's interpretable representation. */

/** Per-feature bin edges (ascending inner cut points) learned from training data. */
export interface Discretizer {
  /** `edges[j]`: the cut points of feature j; a value v is in bin #{e ∈ edges[j] : e < v}. */
  edges: number[][];
  names: string[];
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, linearly interpolated. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Learns quartile (`quartile`: 25/50/75 %) or decile (`decile`: 10…90 %) cut points of each
 * feature of `data` (rows × d). Repeated cut points (features with few distinct values)
 * are merged, so every bin holds some training value.
 */
export function fitDiscretizer(
  data: Float64Array,
  rows: number,
  kind: 'quartile' | 'decile',
  names: string[],
): Discretizer {
  const d = data.length / rows;
  const qs = kind === 'quartile' ? [0.25, 0.5, 0.75] : [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const edges: number[][] = [];
  for (let j = 0; j < d; j++) {
    const col = Float64Array.from({ length: rows }, (_, r) => data[r * d + j]).sort();
    const cuts = [...new Set(qs.map((q) => quantile(col, q)))].filter((c) => c < col[rows - 1]);
    edges.push(cuts);
  }
  return { edges, names };
}

/** The bin of value `v` of feature `j`. */
export function binOf(disc: Discretizer, j: number, v: number): number {
  const e = disc.edges[j];
  let b = 0;
  while (b < e.length && v > e[b]) b++;
  return b;
}

/** A readable condition for bin `b` of feature `j`: `x <= 0.25`, `0.25 < x <= 0.5`, `x > 0.75`. */
export function describeBin(disc: Discretizer, j: number, b: number): string {
  const e = disc.edges[j];
  const name = disc.names[j];
  const fmt = (v: number): string => String(Number(v.toPrecision(4)));
  if (e.length === 0) return `${name} (any)`;
  if (b === 0) return `${name} <= ${fmt(e[0])}`;
  if (b === e.length) return `${name} > ${fmt(e[b - 1])}`;
  return `${fmt(e[b - 1])} < ${name} <= ${fmt(e[b])}`;
}
