/**
 * What the per-method halves of `explainModel` share: the shape of one explained row in
 * explain.json, choosing the rows (stratified, seeded), and ranking helpers.
 */
import type { VegaLiteSpec } from '../report/index.ts';
import type { ExplainData } from './run-data.ts';
import { stratifiedSample } from './select-rows.ts';
import type { BlackBoxModel } from './types.ts';

/**
 * One explained row, complete enough to check from explain.json alone: `output` is the
 * model's output f(x) for class `target` (probabilities, identity link), `base` the
 * method's reference value at full precision (SHAP: E[f] over the background; Integrated
 * Gradients: f(baseline); LIME: the surrogate's intercept; null when a method has none),
 * and `attributions` one value per feature in `featureNames` order (the row's own
 * `featureNames` when features differ per row, e.g. image superpixels). For SHAP,
 * `base + Σ attributions = output`; for Integrated Gradients up to `completenessError`.
 */
export interface ExplainedRow {
  /** Index of the row in the loaded data. */
  row: number;
  /** Class id of the row's label; null when the data has no labels. */
  label: number | null;
  target: number;
  output: number;
  base: number | null;
  attributions: number[];
  featureNames?: string[];
  /** Image SHAP/LIME: the superpixel (feature index) of each pixel, row-major. */
  segments?: number[];
  /** The five largest |attributions|, for reading at a glance. */
  top: { feature: string; value: number }[];
  completenessError?: number;
}

/** How exactly `base + Σ attributions = output` holds for a method: `exact`, `approximate` (IG), or `none`. */
export type LocalAccuracy = 'exact' | 'approximate' | 'none';

/** What a method produced: charts, explained rows, global importance and notes. */
export interface MethodOutput {
  charts: { caption: string; spec: VegaLiteSpec }[];
  rows: ExplainedRow[];
  /** The features `attributions` refer to (rows may override). */
  featureNames: string[];
  globalImportance: { feature: string; importance: number }[];
  localAccuracy: LocalAccuracy;
  /** How the explained rows were chosen (absent for global methods). */
  selection?: string;
  notes: string[];
}

/** The explained rows: their indices, each row's explained class, and how they were chosen. */
export interface RowChoice {
  index: Int32Array;
  targets: Int32Array;
  selection: string;
}

/**
 * Chooses `n` rows of `data`, stratified (seeded) by label, or by the model's predicted
 * class when the data has no labels; each row is explained for its predicted class
 * (output 0 for a single-output model).
 */
export async function chooseRows(
  box: BlackBoxModel,
  data: ExplainData,
  n: number,
  seed: number,
): Promise<RowChoice> {
  const probs = await box.predict(Float64Array.from(data.x), data.rows);
  const predicted = argmaxRows(probs, data.rows, box.outputs);
  const byLabel = data.labels !== undefined;
  const index = stratifiedSample(byLabel ? data.labels! : predicted, n, seed);
  return {
    index,
    targets: Int32Array.from(index, (i) => predicted[i]),
    selection: `${index.length} of ${data.rows} loaded rows, stratified by ${byLabel ? 'label' : 'predicted class'} (seed ${seed})`,
  };
}

/** The index of the largest of each row's `outputs` values. */
export function argmaxRows(y: ArrayLike<number>, rows: number, outputs: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let o = 1; o < outputs; o++) if (y[r * outputs + o] > y[r * outputs + best]) best = o;
    return best;
  });
}

/** Rows `index` of row-major `x` (`size` values per row), as float64. */
export function gatherRows(x: ArrayLike<number>, index: ArrayLike<number>, size: number): Float64Array {
  const out = new Float64Array(index.length * size);
  for (let k = 0; k < index.length; k++)
    for (let j = 0; j < size; j++) out[k * size + j] = x[index[k] * size + j];
  return out;
}

/** The `k` entries of `values` largest in magnitude, with their names. */
export function topK(
  values: ArrayLike<number>,
  names: string[],
  k: number,
): { feature: string; value: number }[] {
  return Array.from(values, (value, j) => ({ feature: names[j], value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, k);
}

/** Mean |value| per column of a `rows × d` array. */
export function meanAbs(values: ArrayLike<number>, rows: number, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) out[j] += Math.abs(values[r * d + j]) / rows;
  return out;
}

/** Features by importance, largest first. */
export function ranked(
  values: ArrayLike<number>,
  names: string[],
): { feature: string; importance: number }[] {
  return Array.from(values, (importance, j) => ({ feature: names[j], importance })).sort(
    (a, b) => b.importance - a.importance,
  );
}
