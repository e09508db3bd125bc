/**
 * LIME for tabular data (Ribeiro et al. 2016): perturb the row, weight the samples by
 * an exponential kernel on their distance to it, and fit a weighted ridge regression
 * whose coefficients are the explanation. In discretized mode a feature's
 * interpretable value is "in the same quartile/decile bin as the row"; otherwise it
 * is the feature standardized by the training data's mean and std.
 */
import { FrontierError } from '../util/errors.ts';
import { binOf, describeBin, fitDiscretizer, type Discretizer } from './discretize.ts';
import { weightedRidge } from './linalg.ts';
import { checkRows, predictChecked } from './model.ts';
import { Rng } from './rng.ts';
import { defaultFeatureNames, type Attribution, type BlackBoxModel, type Explainer } from './types.ts';

/** How LIME picks the features of the surrogate. `auto`: forward selection for ≤ 6 features, else highest weights. */
export type FeatureSelection = 'auto' | 'forward-selection' | 'highest-weights' | 'none';

/**
 * Options of `LimeTabular`.
 * - `trainingData`/`trainingRows`: statistics for sampling, scaling and bins (required).
 * - `discretize`: `quartile` (default), `decile`, or `false` for continuous features.
 * - `kernelWidth`: default 0.75·√M; sample weight = √exp(−d²/width²).
 * - `numSamples`: perturbed samples per row (default 5000).
 * - `numFeatures`: features kept in the surrogate (default all M, at most 10).
 * - `featureSelection`: default `auto`. `ridgeAlpha`: default 1.
 * - `output`: which model output to explain (default: each row's top output).
 * - `seed` (default 0), `featureNames`.
 */
export interface LimeTabularOptions {
  trainingData: Float64Array;
  trainingRows: number;
  discretize?: 'quartile' | 'decile' | false;
  kernelWidth?: number;
  numSamples?: number;
  numFeatures?: number;
  featureSelection?: FeatureSelection;
  ridgeAlpha?: number;
  output?: number;
  seed?: number;
  featureNames?: string[];
}

/** One row's LIME explanation. `weights` are surrogate coefficients on the interpretable features. */
export interface LimeRowExplanation {
  output: number;
  intercept: number;
  /** Selected features, with their surrogate coefficient and a readable description. */
  features: { index: number; name: string; description: string; weight: number; coefficient: number }[];
  /** Weighted R² of the surrogate on the samples. */
  score: number;
  /** The surrogate's prediction at the row, and the model's. */
  localPrediction: number;
  modelPrediction: number;
}

/** LIME tabular explainer. `values` in the Attribution are the surrogate weights (0 for unselected features). */
export class LimeTabular implements Explainer {
  readonly name = 'lime';
  private readonly d: number;
  private readonly mean: Float64Array;
  private readonly std: Float64Array;
  private readonly disc: Discretizer | undefined;
  private readonly names: string[];

  constructor(
    private readonly model: BlackBoxModel,
    private readonly opts: LimeTabularOptions,
  ) {
    const d = model.inputs;
    this.d = d;
    checkRows(opts.trainingData, opts.trainingRows, d, 'LimeTabular trainingData');
    this.names = opts.featureNames ?? defaultFeatureNames(d);
    const n = opts.trainingRows;
    this.mean = new Float64Array(d);
    this.std = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += opts.trainingData[r * d + j];
      const m = s / n;
      let v = 0;
      for (let r = 0; r < n; r++) v += (opts.trainingData[r * d + j] - m) ** 2;
      this.mean[j] = m;
      this.std[j] = Math.sqrt(v / n) || 1; // a constant feature: scale 1, it never moves
    }
    const kind = opts.discretize ?? 'quartile';
    if (kind !== false) {
      this.disc = fitDiscretizer(opts.trainingData, n, kind, this.names);
    }
    const ns = opts.numSamples ?? 5000;
    if (!Number.isInteger(ns) || ns < 10) {
      throw new FrontierError('EXPLAIN_BAD_OPTION', `numSamples must be an integer ≥ 10, got ${ns}`, {
        where: 'LimeTabular numSamples',
        hint: 'the default 5000 suits most tables',
      });
    }
  }

  /** Explains each row; per-row details (`LimeRowExplanation`) are in `details`. */
  async explain(x: Float64Array, rows: number): Promise<Attribution> {
    const d = this.d;
    checkRows(x, rows, d, 'LimeTabular.explain');
    const fx = await predictChecked(this.model, x, rows, 'LimeTabular.explain');
    const values = new Float64Array(rows * d);
    const details: LimeRowExplanation[] = [];
    for (let r = 0; r < rows; r++) {
      const e = await this.explainRow(x.subarray(r * d, r * d + d), r);
      for (const f of e.features) values[r * d + f.index] = f.weight;
      details.push(e);
    }
    const outputsAtX = Float64Array.from(details, (e, r) => fx[r * this.model.outputs + e.output]);
    return {
      method: this.name,
      rows,
      features: d,
      outputs: 1,
      values,
      baseValues: new Float64Array(1),
      outputsAtX,
      data: Float64Array.from(x),
      featureNames: this.names,
      details: details as unknown as Record<string, unknown>[],
    };
  }

  /** Explains one row (`rowIndex` only varies the seed between rows). */
  async explainRow(row: Float64Array, rowIndex = 0): Promise<LimeRowExplanation> {
    const { d, disc } = this;
    const ns = this.opts.numSamples ?? 5000;
    const rng = new Rng(((this.opts.seed ?? 0) * 1000003 + rowIndex) >>> 0);
    const samples = new Float64Array(ns * d);
    const interp = new Float64Array(ns * d);
    samples.set(row, 0);
    for (let j = 0; j < d; j++) interp[j] = disc ? 1 : (row[j] - this.mean[j]) / this.std[j];
    const xBins = disc ? Array.from(row, (v, j) => binOf(disc, j, v)) : [];
    for (let s = 1; s < ns; s++) {
      for (let j = 0; j < d; j++) {
        let v: number;
        if (disc) {
          // A bin drawn by its training frequency, then a training value inside it: that is
          // a draw from the feature's empirical marginal, so draw a training value directly.
          v = this.opts.trainingData[rng.int(this.opts.trainingRows) * d + j];
          interp[s * d + j] = binOf(disc, j, v) === xBins[j] ? 1 : 0;
        } else {
          v = row[j] + rng.normal() * this.std[j];
          interp[s * d + j] = (v - this.mean[j]) / this.std[j];
        }
        samples[s * d + j] = v;
      }
    }
    const pred = await predictChecked(this.model, samples, ns, 'LimeTabular');
    const o = this.model.outputs;
    let output = this.opts.output ?? 0;
    if (this.opts.output === undefined) for (let k = 1; k < o; k++) if (pred[k] > pred[output]) output = k;
    const y = Float64Array.from({ length: ns }, (_, s) => pred[s * o + output]);
    const width = this.opts.kernelWidth ?? 0.75 * Math.sqrt(d);
    const w = new Float64Array(ns);
    for (let s = 0; s < ns; s++) {
      let dist2 = 0;
      for (let j = 0; j < d; j++) dist2 += (interp[s * d + j] - interp[j]) ** 2;
      w[s] = Math.sqrt(Math.exp(-dist2 / (width * width)));
    }
    const k = Math.min(this.opts.numFeatures ?? Math.min(d, 10), d);
    const alpha = this.opts.ridgeAlpha ?? 1;
    const selected = selectFeatures(interp, y, w, ns, d, k, this.opts.featureSelection ?? 'auto', alpha);
    const fit = fitOn(interp, y, w, ns, d, selected, alpha);
    let local = fit.intercept;
    selected.forEach((j, i) => (local += fit.coef[i] * interp[j]));
    return {
      output,
      intercept: fit.intercept,
      features: selected.map((j, i) => ({
        index: j,
        name: this.names[j],
        description: disc ? describeBin(disc, j, xBins[j]) : this.names[j],
        weight: fit.coef[i],
        coefficient: disc ? fit.coef[i] : fit.coef[i] / this.std[j],
      })),
      score: fit.r2,
      localPrediction: local,
      modelPrediction: y[0],
    };
  }
}

/** Weighted ridge of y on the `cols` columns of `x`, with its weighted R². */
function fitOn(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  rows: number,
  d: number,
  cols: number[],
  alpha: number,
): { coef: Float64Array; intercept: number; r2: number } {
  const p = cols.length;
  const sub = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) cols.forEach((j, i) => (sub[r * p + i] = x[r * d + j]));
  const { coef, intercept } = weightedRidge(sub, y, w, rows, p, 1, alpha, 'LIME surrogate');
  let sw = 0;
  let my = 0;
  for (let r = 0; r < rows; r++) {
    sw += w[r];
    my += w[r] * y[r];
  }
  my /= sw;
  let ssr = 0;
  let sst = 0;
  for (let r = 0; r < rows; r++) {
    let p0 = intercept[0];
    for (let i = 0; i < p; i++) p0 += coef[i] * sub[r * p + i];
    ssr += w[r] * (y[r] - p0) ** 2;
    sst += w[r] * (y[r] - my) ** 2;
  }
  return { coef, intercept: intercept[0], r2: sst === 0 ? 1 : 1 - ssr / sst };
}

/** The k features LIME keeps, by the chosen method, in the order picked. */
export function selectFeatures(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  rows: number,
  d: number,
  k: number,
  method: FeatureSelection,
  alpha: number,
): number[] {
  const all = Array.from({ length: d }, (_, j) => j);
  if (method === 'none' || k >= d) return all;
  if (method === 'highest-weights' || (method === 'auto' && k > 6)) {
    const { coef } = fitOn(x, y, w, rows, d, all, alpha);
    return all.sort((a, b) => Math.abs(coef[b]) - Math.abs(coef[a])).slice(0, k);
  }
  const chosen: number[] = [];
  for (let step = 0; step < k; step++) {
    let best = -1;
    let bestScore = -Infinity;
    for (const j of all) {
      if (chosen.includes(j)) continue;
      const s = fitOn(x, y, w, rows, d, [...chosen, j], alpha).r2;
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    chosen.push(best);
  }
  return chosen;
}
