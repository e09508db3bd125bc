/**
 * Exact Shapley values by enumerating all 2^M coalitions (M ≤ 14): the ground truth the
 * other explainers are tested against. Value of a coalition S = link(mean over the
 * background of f with the features in S from x and the rest from the background row).
 */
import { FrontierError } from '../util/errors.ts';
import type { Background } from './background.ts';
import { coalitionValues, DEFAULT_BATCH_ROWS, expectedOutput } from './coalitions.ts';
import { applyLink, checkRows, predictChecked, type Link } from './model.ts';
import { defaultFeatureNames, type Attribution, type BlackBoxModel, type Explainer } from './types.ts';

/** Largest feature count `ExactShapley` enumerates (2^14 = 16,384 coalitions per row). */
export const EXACT_SHAPLEY_MAX_FEATURES = 14;

/** Options of `ExactShapley`: the background (required), link (default identity), names, batch cap. */
export interface ExactShapleyOptions {
  background: Background;
  link?: Link;
  featureNames?: string[];
  batchRows?: number;
}

/** Exact Shapley values; throws `EXPLAIN_TOO_MANY_FEATURES` when the model has more than 14 inputs. */
export class ExactShapley implements Explainer {
  readonly name = 'exact-shapley';
  private readonly link: Link;

  constructor(
    private readonly model: BlackBoxModel,
    private readonly opts: ExactShapleyOptions,
  ) {
    if (model.inputs > EXACT_SHAPLEY_MAX_FEATURES) {
      throw new FrontierError(
        'EXPLAIN_TOO_MANY_FEATURES',
        `exact Shapley enumerates 2^M coalitions; M = ${model.inputs} is over ${EXACT_SHAPLEY_MAX_FEATURES}`,
        { where: 'ExactShapley', hint: 'use KernelShap for more features' },
      );
    }
    if (opts.background.features !== model.inputs) {
      throw new FrontierError(
        'EXPLAIN_BAD_BACKGROUND',
        `background has ${opts.background.features} features, the model ${model.inputs}`,
        { where: 'ExactShapley background', hint: 'pass background rows with one value per model input' },
      );
    }
    this.link = opts.link ?? 'identity';
  }

  async explain(x: Float64Array, rows: number): Promise<Attribution> {
    const { model, link } = this;
    const m = model.inputs;
    const o = model.outputs;
    checkRows(x, rows, m, 'ExactShapley.explain');
    const n = 1 << m;
    const masks = new Uint8Array(n * m);
    for (let s = 0; s < n; s++) for (let j = 0; j < m; j++) masks[s * m + j] = (s >> j) & 1;
    const all = Int32Array.from({ length: m }, (_, j) => j);
    // weight[k] = k!(M−k−1)!/M!, the share of orderings in which a feature joins a set of size k.
    const weight = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      let w = 1 / m;
      for (let i = 1; i <= k; i++) w *= i / (m - i);
      weight[k] = w;
    }
    const popcount = (s: number): number => {
      let c = 0;
      for (let t = s; t; t &= t - 1) c++;
      return c;
    };
    const ef = await expectedOutput(model, this.opts.background);
    const values = new Float64Array(rows * m * o);
    const fx = await predictChecked(model, x, rows, 'ExactShapley.explain');
    for (let r = 0; r < rows; r++) {
      const row = x.subarray(r * m, r * m + m);
      const raw = await coalitionValues(
        model,
        row,
        this.opts.background,
        all,
        masks,
        n,
        this.opts.batchRows ?? DEFAULT_BATCH_ROWS,
      );
      const v = raw.map((y) => applyLink(link, y));
      for (let s = 0; s < n; s++) {
        const w = weight[popcount(s)];
        for (let j = 0; j < m; j++) {
          if ((s >> j) & 1) continue;
          const with_ = s | (1 << j);
          for (let k = 0; k < o; k++) values[(r * m + j) * o + k] += w * (v[with_ * o + k] - v[s * o + k]);
        }
      }
    }
    return {
      method: this.name,
      rows,
      features: m,
      outputs: o,
      values,
      baseValues: ef.map((y) => applyLink(link, y)),
      outputsAtX: Float64Array.from(fx, (y) => applyLink(link, y)),
      data: Float64Array.from(x),
      featureNames: this.opts.featureNames ?? defaultFeatureNames(m),
    };
  }
}
