/**
 * Which rows an explanation looks at: a seeded sample stratified by group (the label,
 * or the predicted class when there are no labels), so the explained rows cover every
 * class in proportion instead of being the first N rows of a file sorted by class.
 */
import { FrontierError } from '../util/errors.ts';
import { Rng } from './rng.ts';

/**
 * Picks `n` distinct row indices out of `groups.length` rows, stratified by `groups[i]`
 * (any integers; each distinct value is a stratum). Each stratum gets its share of `n`
 * by largest remainder, except that when `n` is at least the number of strata every
 * stratum gets at least one row. Within a stratum the rows are a seeded random choice.
 * Returns the indices in ascending order; all rows when `n ≥ groups.length`.
 * Throws `EXPLAIN_BAD_OPTION` unless `n` is a positive integer.
 */
export function stratifiedSample(groups: ArrayLike<number>, n: number, seed = 0): Int32Array {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new FrontierError('EXPLAIN_BAD_OPTION', `rows to pick must be a positive integer, got ${n}`, {
      where: 'stratifiedSample n',
      hint: 'pass a whole number such as 10',
    });
  }
  const total = groups.length;
  if (n >= total) return Int32Array.from({ length: total }, (_, i) => i);
  const strata = new Map<number, number[]>();
  for (let i = 0; i < total; i++) {
    const g = groups[i];
    const list = strata.get(g);
    if (list) list.push(i);
    else strata.set(g, [i]);
  }
  const keys = [...strata.keys()].sort((a, b) => a - b);
  const quota = allocate(
    keys.map((k) => strata.get(k)!.length),
    n,
  );
  const rng = new Rng(seed);
  const picked: number[] = [];
  keys.forEach((k, s) => {
    const members = strata.get(k)!;
    const perm = rng.permutation(members.length);
    for (let i = 0; i < quota[s]; i++) picked.push(members[perm[i]]);
  });
  return Int32Array.from(picked).sort();
}

/**
 * Splits `n` over strata of the given sizes: proportional shares by largest remainder
 * (ties to the larger, then earlier, stratum), at least one each when n ≥ strata count,
 * never more than a stratum holds. The shares sum to `n` (n < Σ sizes).
 */
export function allocate(sizes: number[], n: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const floor = n >= sizes.length ? 1 : 0;
  const quota = sizes.map((s) => Math.min(s, Math.max(floor, Math.floor((n * s) / total))));
  let left = n - quota.reduce((a, b) => a + b, 0);
  // Over-allocation can only come from the minimum of one; take back from the largest quotas.
  while (left < 0) {
    let big = 0;
    for (let s = 1; s < quota.length; s++) if (quota[s] > quota[big]) big = s;
    quota[big]--;
    left++;
  }
  const order = sizes
    .map((s, i) => ({ i, rem: (n * s) / total - Math.floor((n * s) / total), s }))
    .sort((a, b) => b.rem - a.rem || b.s - a.s || a.i - b.i);
  while (left > 0) {
    let gave = false;
    for (const { i } of order) {
      if (left === 0) break;
      if (quota[i] < sizes[i]) {
        quota[i]++;
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return quota;
}
