/**
 * Permutation feature importance (Breiman 2001; Fisher et al. 2019): how much a score
 * drops when one feature's column is shuffled, breaking its link to the target. It is
 * a global measure over a data set, not a per-row attribution, so it returns
 * `GlobalImportance` instead of implementing `Explainer`.
 */
import { FrontierError } from '../util/errors.ts';
import { checkRows, predictChecked } from './model.ts';
import { Rng } from './rng.ts';
import { defaultFeatureNames, type BlackBoxModel } from './types.ts';

/** A score of predictions against targets; higher is better. `pred` is rows × outputs. */
export type ScoreFn = (
  target: ArrayLike<number>,
  pred: ArrayLike<number>,
  rows: number,
  outputs: number,
) => number;

/** Accuracy: the share of rows whose argmax output (or, with one output, `pred ≥ 0.5`) equals the class id in `target`. */
export const accuracyScore: ScoreFn = (target, pred, rows, outputs) => {
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    let cls = 0;
    if (outputs === 1) cls = pred[r] >= 0.5 ? 1 : 0;
    else for (let o = 1; o < outputs; o++) if (pred[r * outputs + o] > pred[r * outputs + cls]) cls = o;
    if (cls === target[r]) hits++;
  }
  return hits / rows;
};

/** Negative mean squared error of output 0 against `target` (higher is better). */
export const negMseScore: ScoreFn = (target, pred, rows, outputs) => {
  let s = 0;
  for (let r = 0; r < rows; r++) s += (pred[r * outputs] - target[r]) ** 2;
  return -s / rows;
};

/**
 * Options of `permutationImportance`: `target` (class ids or values, one per row),
 * `score` (default accuracy for multi-output models, negative MSE for one output),
 * `repeats` (shuffles per feature, default 5), `seed` (default 0), `featureNames`.
 */
export interface PermutationImportanceOptions {
  target: ArrayLike<number>;
  score?: ScoreFn;
  repeats?: number;
  seed?: number;
  featureNames?: string[];
}

/** Importance of one feature: mean and (population) standard deviation of the score drop over repeats. */
export interface FeatureImportance {
  feature: string;
  index: number;
  mean: number;
  std: number;
  /** The drop measured in each repeat. */
  drops: number[];
}

/** A global importance per feature, in feature order, with the unshuffled score. */
export interface GlobalImportance {
  method: string;
  baselineScore: number;
  importances: FeatureImportance[];
}

/** Permutation importance of every feature of `x` (rows × model.inputs). Seeded: same inputs, same numbers. */
export async function permutationImportance(
  model: BlackBoxModel,
  x: Float64Array,
  rows: number,
  opts: PermutationImportanceOptions,
): Promise<GlobalImportance> {
  const d = model.inputs;
  checkRows(x, rows, d, 'permutationImportance x');
  if (opts.target.length !== rows) {
    throw new FrontierError('EXPLAIN_BAD_INPUT', `target has ${opts.target.length} values for ${rows} rows`, {
      where: 'permutationImportance target',
      hint: 'pass one target (class id or value) per row of x',
    });
  }
  const repeats = opts.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new FrontierError('EXPLAIN_BAD_OPTION', `repeats must be a positive integer, got ${repeats}`, {
      where: 'permutationImportance repeats',
      hint: 'use 5 or more repeats to estimate the spread',
    });
  }
  const score = opts.score ?? (model.outputs > 1 ? accuracyScore : negMseScore);
  const base = score(
    opts.target,
    await predictChecked(model, x, rows, 'permutationImportance'),
    rows,
    model.outputs,
  );
  const rng = new Rng(opts.seed ?? 0);
  const names = opts.featureNames ?? defaultFeatureNames(d);
  const importances: FeatureImportance[] = [];
  const shuffled = new Float64Array(rows * d * repeats);
  for (let j = 0; j < d; j++) {
    // All repeats of one feature go to the model in one call.
    for (let k = 0; k < repeats; k++) {
      const perm = rng.permutation(rows);
      const off = k * rows * d;
      shuffled.set(x, off);
      for (let r = 0; r < rows; r++) shuffled[off + r * d + j] = x[perm[r] * d + j];
    }
    const pred = await predictChecked(model, shuffled, rows * repeats, 'permutationImportance');
    const drops: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const o = model.outputs;
      drops.push(
        base -
          score(opts.target, Array.prototype.slice.call(pred, k * rows * o, (k + 1) * rows * o), rows, o),
      );
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
    importances.push({ feature: names[j], index: j, mean, std, drops });
  }
  return { method: 'permutation', baselineScore: base, importances };
}
