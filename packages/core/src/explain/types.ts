/**
 * The explainers' shared vocabulary: a black-box model over rows of features, the
 * attributions an explainer returns, and the `Explainer` interface every method
 * implements (KernelSHAP, exact Shapley, LIME, permutation, gradients).
 */

/**
 * A model seen as a function of a batch of rows: `predict(x, rows)` takes `rows × inputs`
 * values in row-major order and returns `rows × outputs` values (row-major). It may be
 * synchronous or asynchronous. Explainers call it with large batches, never row by row.
 */
export interface BlackBoxModel {
  /** Number of input features per row. */
  readonly inputs: number;
  /** Number of outputs per row (1 for a regressor, classes for a classifier). */
  readonly outputs: number;
  predict(x: Float64Array, rows: number): ArrayLike<number> | Promise<ArrayLike<number>>;
}

/**
 * Attributions for `rows` explained rows: `values[(r * features + j) * outputs + o]` is
 * the attribution of feature j to output o for row r. `baseValues[o]` is the reference
 * output (for SHAP: the expected output over the background, in link space) so that,
 * for methods with local accuracy, `baseValues[o] + Σ_j value(r, j, o) = f(x_r)[o]`.
 * `outputsAtX[r * outputs + o]` is f(x_r)[o] in link space, for checking that identity.
 */
export interface Attribution {
  method: string;
  rows: number;
  features: number;
  outputs: number;
  values: Float64Array;
  baseValues: Float64Array;
  outputsAtX: Float64Array;
  /** The explained rows (row-major, `rows × features`), kept for plots. */
  data: Float64Array;
  featureNames: string[];
  /** Method-specific facts per explained row (e.g. KernelSHAP's mode and sample count). */
  details?: Record<string, unknown>[];
}

/** The attribution of feature `feature` to output `output` for explained row `row`. */
export function attributionAt(a: Attribution, row: number, feature: number, output = 0): number {
  return a.values[(row * a.features + feature) * a.outputs + output];
}

/** One explained row's attributions for one output, as a plain array over features. */
export function rowAttributions(a: Attribution, row: number, output = 0): number[] {
  const out: number[] = [];
  for (let j = 0; j < a.features; j++) out.push(attributionAt(a, row, j, output));
  return out;
}

/**
 * An explanation method. `explain(x, rows)` attributes the model's outputs at each of
 * the `rows` rows of `x` (row-major, `rows × model.inputs`) to its features.
 */
export interface Explainer {
  readonly name: string;
  explain(x: Float64Array, rows: number): Promise<Attribution>;
}

/** Default feature names `x0, x1, …`. */
export function defaultFeatureNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `x${i}`);
}
