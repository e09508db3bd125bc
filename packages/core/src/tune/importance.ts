/**
 * Parameter importance as the correlation ratio η² (first-order, one-way ANOVA):
 * the share of the objective's variance across finished trials explained by
 * grouping the trials on one parameter alone. Choices group by value; numeric
 * parameters group into equal-count bins of their sorted values (⌈√n⌉ bins, at
 * most 5); trials where a conditional parameter was inactive form one more group.
 * It is a "fANOVA-lite": fANOVA's first-order term with groups instead of a random
 * forest's marginals, so it misses interactions and, with few trials, overstates
 * parameters with many groups. Importances are also given normalized to sum 1.
 */
import type { SearchSpace } from './space.ts';

/** One parameter's importance. */
export interface ParamImportance {
  param: string;
  /** η² in [0, 1]. */
  eta2: number;
  /** η² / Σ η² over the parameters (0 when every η² is 0). */
  share: number;
}

/** η² of `values` grouped by `groups` (same length): between-group over total sum of squares; 0 when the values are constant. */
export function correlationRatio(groups: readonly string[], values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const total = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  if (total <= 1e-300) return 0;
  const sums = new Map<string, { sum: number; count: number }>();
  groups.forEach((g, i) => {
    const e = sums.get(g) ?? { sum: 0, count: 0 };
    e.sum += values[i];
    e.count++;
    sums.set(g, e);
  });
  let between = 0;
  for (const { sum, count } of sums.values()) between += count * (sum / count - mean) ** 2;
  return Math.min(1, between / total);
}

/**
 * Importance of every parameter of `space` from `trials` (params and objective
 * values of finished trials), most important first. Fewer than 3 trials → all 0.
 */
export function paramImportance(
  space: SearchSpace,
  trials: ReadonlyArray<{ params: Record<string, unknown>; value: number }>,
): ParamImportance[] {
  const values = trials.map((t) => t.value);
  const eta = Object.keys(space).map((param) => {
    if (trials.length < 3) return { param, eta2: 0 };
    const spec = space[param];
    let groups: string[];
    if (spec.type === 'choice') {
      groups = trials.map((t) => (param in t.params ? JSON.stringify(t.params[param]) : '∅'));
    } else {
      const active = trials
        .map((t, i) => ({ i, v: t.params[param] as number | undefined }))
        .filter((e) => e.v !== undefined);
      active.sort((a, b) => a.v! - b.v! || a.i - b.i);
      const bins = Math.min(5, Math.ceil(Math.sqrt(active.length)));
      groups = trials.map(() => '∅');
      active.forEach((e, rank) => {
        groups[e.i] = `bin${Math.floor((rank * bins) / active.length)}`;
      });
    }
    return { param, eta2: correlationRatio(groups, values) };
  });
  const sum = eta.reduce((s, e) => s + e.eta2, 0);
  return eta
    .map((e) => ({ ...e, share: sum > 0 ? e.eta2 / sum : 0 }))
    .sort((a, b) => b.eta2 - a.eta2 || a.param.localeCompare(b.param));
}
