/**
 * KernelSHAP (Lundberg & Lee 2017): model-agnostic SHAP values from a weighted linear
 * regression over coalitions, with the Shapley kernel as weights and the efficiency
 * constraint Σφ = link(f(x)) − link(E[f]) enforced exactly by eliminating one unknown.
 */
import { FrontierError } from '../util/errors.ts';
import type { Background } from './background.ts';
import { coalitionPlan, defaultNsamples, type CoalitionPlan } from './coalition-plan.ts';
import { coalitionValues, DEFAULT_BATCH_ROWS, expectedOutput, varyingFeatures } from './coalitions.ts';
import { solve } from './linalg.ts';
import { applyLink, checkRows, predictChecked, type Link } from './model.ts';
import { Rng } from './rng.ts';
import { defaultFeatureNames, type Attribution, type BlackBoxModel, type Explainer } from './types.ts';

/**
 * Options of `KernelShap`.
 * - `background`: reference rows (summarize large sets with `kmeansBackground` or `sampleBackground`).
 * - `nsamples`: coalitions per row; default `2M + 2048`, always capped at `2^M − 2`, where M
 *   counts the features of that row that differ from the background. When the cap is
 *   reached every coalition is enumerated and the result is exact.
 * - `link`: `identity` (default) or `logit` (explain log-odds of probability outputs).
 * - `seed` (default 0), `featureNames`, `batchRows` (rows per model call, default 16,384).
 */
export interface KernelShapOptions {
  background: Background;
  nsamples?: number;
  link?: Link;
  seed?: number;
  featureNames?: string[];
  batchRows?: number;
}

/** What KernelSHAP did for one row (in `Attribution.details`). */
export interface KernelShapRowDetails {
  varying: number;
  mode: 'exact' | 'sampled' | 'trivial';
  coalitions: number;
}

/** KernelSHAP explainer; multi-output models get one φ vector per output from one set of model calls. */
export class KernelShap implements Explainer {
  readonly name = 'kernel-shap';
  private readonly link: Link;
  private base: Float64Array | undefined;

  constructor(
    private readonly model: BlackBoxModel,
    private readonly opts: KernelShapOptions,
  ) {
    if (opts.background.features !== model.inputs) {
      throw new FrontierError(
        'EXPLAIN_BAD_BACKGROUND',
        `background has ${opts.background.features} features, the model ${model.inputs}`,
        { where: 'KernelShap background', hint: 'pass background rows with one value per model input' },
      );
    }
    if (opts.nsamples !== undefined && !(Number.isInteger(opts.nsamples) && opts.nsamples >= 2)) {
      throw new FrontierError('EXPLAIN_BAD_OPTION', `nsamples must be an integer ≥ 2, got ${opts.nsamples}`, {
        where: 'KernelShap nsamples',
        hint: 'leave it out for the default 2M + 2048',
      });
    }
    this.link = opts.link ?? 'identity';
  }

  /** link(E[f]) over the background, per output: the base value every row's φ adds to. */
  async expectedValue(): Promise<Float64Array> {
    this.base ??= (await expectedOutput(this.model, this.opts.background)).map((y) =>
      applyLink(this.link, y),
    );
    return this.base;
  }

  async explain(x: Float64Array, rows: number): Promise<Attribution> {
    const { model, link } = this;
    const d = model.inputs;
    const o = model.outputs;
    checkRows(x, rows, d, 'KernelShap.explain');
    const base = await this.expectedValue();
    const fxRaw = await predictChecked(model, x, rows, 'KernelShap.explain');
    const fx = Float64Array.from(fxRaw, (y) => applyLink(link, y));
    const values = new Float64Array(rows * d * o);
    const details: KernelShapRowDetails[] = [];
    const rng = new Rng(this.opts.seed ?? 0);
    for (let r = 0; r < rows; r++) {
      const row = x.subarray(r * d, r * d + d);
      const varying = varyingFeatures(row, this.opts.background);
      const m = varying.length;
      const delta = Float64Array.from({ length: o }, (_, k) => fx[r * o + k] - base[k]);
      if (m <= 1) {
        if (m === 1) for (let k = 0; k < o; k++) values[(r * d + varying[0]) * o + k] = delta[k];
        details.push({ varying: m, mode: 'trivial', coalitions: 0 });
        continue;
      }
      const plan = coalitionPlan(
        m,
        Math.min(this.opts.nsamples ?? defaultNsamples(m), Number.MAX_SAFE_INTEGER),
        rng,
      );
      const raw = await coalitionValues(
        model,
        row,
        this.opts.background,
        varying,
        plan.masks,
        plan.n,
        this.opts.batchRows ?? DEFAULT_BATCH_ROWS,
      );
      const y = new Float64Array(plan.n * o);
      for (let i = 0; i < y.length; i++) y[i] = applyLink(link, raw[i]) - base[i % o];
      const phi = constrainedRegression(plan, y, delta, o);
      for (let j = 0; j < m; j++)
        for (let k = 0; k < o; k++) values[(r * d + varying[j]) * o + k] = phi[j * o + k];
      details.push({ varying: m, mode: plan.mode, coalitions: plan.n });
    }
    return {
      method: this.name,
      rows,
      features: d,
      outputs: o,
      values,
      baseValues: Float64Array.from(base),
      outputsAtX: fx,
      data: Float64Array.from(x),
      featureNames: this.opts.featureNames ?? defaultFeatureNames(d),
      details: details as unknown as Record<string, unknown>[],
    };
  }
}

/**
 * Minimizes Σ_k w_k (y_k − z_k·φ)² subject to Σ_j φ_j = Δ, for `outputs` targets at once.
 * The constraint is substituted (φ_{m−1} = Δ − Σ_{j<m−1} φ_j), leaving an unconstrained
 * weighted least-squares problem in m − 1 unknowns solved by its normal equations.
 * `y` is n × outputs, `delta` has `outputs` entries; returns φ (m × outputs).
 */
export function constrainedRegression(
  plan: CoalitionPlan,
  y: Float64Array,
  delta: Float64Array,
  outputs: number,
): Float64Array {
  const { m, n, masks, weights } = plan;
  const p = m - 1;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p * outputs);
  const xr = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    const last = masks[i * m + p];
    for (let j = 0; j < p; j++) xr[j] = masks[i * m + j] - last;
    for (let j = 0; j < p; j++) {
      const v = w * xr[j];
      if (v === 0) continue;
      for (let l = j; l < p; l++) a[j * p + l] += v * xr[l];
      for (let k = 0; k < outputs; k++) b[j * outputs + k] += v * (y[i * outputs + k] - last * delta[k]);
    }
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) a[j * p + l] = a[l * p + j];
  const head = solve(a, b, p, outputs, 'KernelShap regression');
  const phi = new Float64Array(m * outputs);
  phi.set(head);
  for (let k = 0; k < outputs; k++) {
    let s = delta[k];
    for (let j = 0; j < p; j++) s -= head[j * outputs + k];
    phi[p * outputs + k] = s;
  }
  return phi;
}
