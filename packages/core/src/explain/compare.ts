/**
 * Do a baseline and its variants (pruned, quantized, distilled…) explain their decisions
 * the same way? Per variant: the Spearman rank correlation of global importances (mean
 * |attribution| per input feature or pixel) and the mean overlap of each row's top-k
 * attributed inputs. Both models are explained for the baseline's predicted class.
 */
import type * as tf from '@tensorflow/tfjs';
import { escapeHtml, type ReportSection } from '../report/index.ts';
import { FrontierError } from '../util/errors.ts';
import { differentiable } from './differentiable.ts';
import { integratedGradients, resolveTargets, saliency } from './gradients.ts';

/**
 * Options of `compareExplanations`: `method` (`saliency`, default, one gradient per row;
 * or `integrated-gradients` with `steps`, default 32), `rows` (first rows of x explained,
 * default 16), `topK` (inputs per row compared, default 5% of the inputs, at least 1).
 */
export interface CompareExplanationsOptions {
  method?: 'saliency' | 'integrated-gradients';
  steps?: number;
  rows?: number;
  topK?: number;
}

/** How one variant's explanations agree with the baseline's. */
export interface ExplanationAgreement {
  name: string;
  /** Spearman ρ of mean |attribution| per input, in [−1, 1]; 1 = same importance order. */
  rankCorrelation: number;
  /** Mean over rows of |top-k(baseline) ∩ top-k(variant)| / k, in [0, 1]. */
  topKOverlap: number;
}

/** Ranks (1-based) with ties given their average rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(values.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]] === values[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[idx[k]] = avg;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation of two equally long samples (Pearson r of their tie-averaged ranks); 0 if either is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2) {
    throw new FrontierError(
      'EXPLAIN_BAD_INPUT',
      `spearman needs two samples of one length ≥ 2, got ${a.length} and ${b.length}`,
      {
        where: 'spearman',
        hint: 'compare importances over the same inputs',
      },
    );
  }
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/** Indices of the k largest values. */
export function topIndices(values: ArrayLike<number>, k: number): Set<number> {
  return new Set(
    Array.from({ length: values.length }, (_, i) => i)
      .sort((a, b) => values[b] - values[a] || a - b)
      .slice(0, k),
  );
}

/** |attribution| of the first `rows` rows of x for the given targets (rows × inputs). */
function attributions(
  model: tf.LayersModel,
  x: Float32Array,
  rows: number,
  targets: Int32Array,
  opts: CompareExplanationsOptions,
): Float32Array {
  const dm = differentiable(model);
  const v =
    (opts.method ?? 'saliency') === 'saliency'
      ? saliency(dm, x, rows, { target: targets }).values
      : integratedGradients(dm, x, rows, { target: targets, steps: opts.steps ?? 32 }).values;
  return v.map(Math.abs);
}

/**
 * Incremental form for the evaluation loop, where each variant is disposed right after it
 * is measured: `create` explains the baseline once, `add` compares one variant (call it
 * before disposing the variant), `section()` gives the report section. Models are only
 * read, never changed or disposed.
 */
export class ExplanationComparison {
  readonly rows: ExplanationAgreement[] = [];
  private readonly baseGlobal: Float64Array;

  private constructor(
    private readonly data: Float32Array,
    private readonly n: number,
    private readonly size: number,
    private readonly k: number,
    private readonly targets: Int32Array,
    private readonly base: Float32Array,
    private readonly opts: CompareExplanationsOptions,
  ) {
    this.baseGlobal = this.global(base);
  }

  /** Explains the baseline on the first `opts.rows` rows of `x` (a batch in the model's input shape). */
  static async create(
    baseline: tf.LayersModel,
    x: tf.Tensor,
    opts: CompareExplanationsOptions = {},
  ): Promise<ExplanationComparison> {
    const n = Math.min(opts.rows ?? 16, x.shape[0]);
    const size = x.size / x.shape[0];
    const data = (await x.data()).slice(0, n * size) as Float32Array;
    const k = Math.max(1, opts.topK ?? Math.round(size * 0.05));
    const targets = resolveTargets(differentiable(baseline), data, n, 'top');
    const base = attributions(baseline, data, n, targets, opts);
    return new ExplanationComparison(data, n, size, k, targets, base, opts);
  }

  private global(a: Float32Array): Float64Array {
    const g = new Float64Array(this.size);
    for (let r = 0; r < this.n; r++)
      for (let i = 0; i < this.size; i++) g[i] += a[r * this.size + i] / this.n;
    return g;
  }

  /** Compares one variant with the baseline and records the result under `name`. */
  async add(name: string, model: tf.LayersModel): Promise<ExplanationAgreement> {
    const { n, size, k } = this;
    const a = attributions(model, this.data, n, this.targets, this.opts);
    let overlap = 0;
    for (let r = 0; r < n; r++) {
      const tb = topIndices(this.base.subarray(r * size, (r + 1) * size), k);
      const tv = topIndices(a.subarray(r * size, (r + 1) * size), k);
      let both = 0;
      for (const i of tb) if (tv.has(i)) both++;
      overlap += both / k / n;
    }
    const row = { name, rankCorrelation: spearman(this.baseGlobal, this.global(a)), topKOverlap: overlap };
    this.rows.push(row);
    return row;
  }

  /** The report section over every variant added so far. */
  section(): ReportSection {
    return agreementSection(this.rows, { method: this.opts.method ?? 'saliency', rows: this.n, k: this.k });
  }
}

/**
 * Compares the explanations of `variants` with the baseline's on the rows of `x` (a batch
 * tensor in the models' input shape), and returns the numbers and a report section.
 * Models are only read, never changed or disposed.
 */
export async function compareExplanations(
  baseline: tf.LayersModel,
  variants: readonly { name: string; model: tf.LayersModel }[],
  x: tf.Tensor,
  opts: CompareExplanationsOptions = {},
): Promise<{ rows: ExplanationAgreement[]; section: ReportSection }> {
  const cmp = await ExplanationComparison.create(baseline, x, opts);
  for (const v of variants) await cmp.add(v.name, v.model);
  return { rows: cmp.rows, section: cmp.section() };
}

/** The report section: a table of ρ and top-k overlap per variant, with how they were measured. */
export function agreementSection(
  rows: readonly ExplanationAgreement[],
  how: { method: string; rows: number; k: number },
): ReportSection {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.name)}</td><td class="num">${r.rankCorrelation.toFixed(3)}</td><td class="num">${(r.topKOverlap * 100).toFixed(1)}%</td></tr>`,
    )
    .join('');
  return {
    title: 'Explanation agreement with the baseline',
    html: `<p>${escapeHtml(
      `Each variant explained with ${how.method} on ${how.rows} test rows for the baseline's predicted class. ` +
        `ρ: Spearman rank correlation of mean |attribution| per input; overlap: share of each row's top ${how.k} inputs both models pick.`,
    )}</p>
<table><thead><tr><th>technique</th><th>rank correlation ρ</th><th>top-${how.k} overlap</th></tr></thead><tbody>${body}</tbody></table>`,
  };
}
