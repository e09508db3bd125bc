/** The table half of `explainModel`: SHAP, LIME, gradients and permutation importance on table rows. */
import type * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { kmeansBackground } from './background.ts';
import { differentiable } from './differentiable.ts';
import { GradientExplainer } from './gradient-explainer.ts';
import { KernelShap } from './kernel-shap.ts';
import { LimeTabular, type LimeRowExplanation } from './lime.ts';
import { fromLayersModel } from './model.ts';
import { permutationImportance } from './permutation.ts';
import { importanceBarSpec } from './plots/importance-plot.ts';
import { limeBarSpec } from './plots/lime-plot.ts';
import {
  shapBarSpec,
  shapDependenceSpec,
  shapForceSpec,
  shapSummarySpec,
  shapWaterfallSpec,
} from './plots/shap-plots.ts';
import { ExplainProgress } from './progress.ts';
import type { ExplainRunOptions } from './run.ts';
import type { ExplainData } from './run-data.ts';
import {
  argmaxRows,
  chooseRows,
  gatherRows,
  ranked,
  topK,
  type ExplainedRow,
  type MethodOutput,
} from './run-rows.ts';
import type { Attribution, BlackBoxModel } from './types.ts';

/**
 * Explains `rows` table rows (default 10), chosen stratified by label (or predicted
 * class), each for its predicted class. SHAP and gradients work in the model's input
 * space (after the saved preprocessing), with SHAP's k-means background computed there;
 * LIME works on the encoded columns before scaling, so its rules read in the file's
 * units; permutation importance shuffles the loaded rows' model inputs.
 */
export async function explainTable(
  model: tf.LayersModel,
  data: ExplainData,
  opts: ExplainRunOptions,
): Promise<MethodOutput> {
  const d = data.shape[0];
  const seed = opts.seed ?? 0;
  const names = data.featureNames;
  const box = fromLayersModel(model);
  const notes: string[] = [];
  if (opts.method === 'gradcam') {
    throw new FrontierError('EXPLAIN_METHOD_DATA', 'Grad-CAM needs a convolutional model on images', {
      where: '--method gradcam',
      hint: 'use --method shap, lime, permutation, ig, saliency or smoothgrad on tables',
    });
  }
  if (opts.method === 'permutation') return permutation(box, data, seed, notes);
  const choice = await chooseRows(box, data, opts.rows ?? 10, seed);
  const n = choice.index.length;
  const x = gatherRows(data.x, choice.index, d);
  const raw = gatherRows(data.raw, choice.index, d);
  const progress = new ExplainProgress(opts.progress, opts.method, n);
  const charts: MethodOutput['charts'] = [];
  let a: Attribution;
  if (opts.method === 'shap') {
    const k = Math.min(opts.background ?? 20, data.rows);
    const background = kmeansBackground(Float64Array.from(data.x), data.rows, k, { seed });
    const ks = new KernelShap(box, { background, nsamples: opts.nsamples, seed, featureNames: names });
    a = await concatRows(n, d, async (r) => {
      const part = await ks.explain(x.slice(r * d, (r + 1) * d), 1);
      progress.tick();
      return part;
    });
    notes.push(
      `KernelSHAP against a k-means background of ${background.rows} rows of the model's inputs (after preprocessing); base value E[f] = ${Array.from(a.baseValues, (v) => v.toPrecision(6)).join(', ')}`,
    );
  } else if (opts.method === 'lime') {
    const rawBox: BlackBoxModel = {
      inputs: d,
      outputs: box.outputs,
      predict: (z, rows) => box.predict(Float64Array.from(data.toModel(Float32Array.from(z), rows)), rows),
    };
    const lime = new LimeTabular(rawBox, {
      trainingData: Float64Array.from(data.raw),
      trainingRows: data.rows,
      seed,
      featureNames: names,
    });
    a = await lime.explain(raw, n);
    progress.tick(n);
    const details = a.details as unknown as LimeRowExplanation[];
    details.slice(0, 3).forEach((e, r) =>
      charts.push({
        caption: `LIME, row ${choice.index[r]}, class ${className(data, e.output)}`,
        spec: limeBarSpec(e),
      }),
    );
    const rows = details.map((e, r): ExplainedRow => {
      const phi = Array.from({ length: d }, (_, j) => a.values[(r * d + j) * a.outputs]);
      return {
        row: choice.index[r],
        label: labelOf(data, choice.index[r]),
        target: e.output,
        output: e.modelPrediction,
        base: e.intercept,
        attributions: phi,
        top: e.features.slice(0, 5).map((f) => ({ feature: f.description, value: f.weight })),
      };
    });
    notes.push('LIME on the encoded columns before scaling; base is the surrogate’s intercept');
    return {
      charts,
      rows,
      featureNames: names,
      globalImportance: importanceOf(rows, d, names),
      localAccuracy: 'none',
      selection: choice.selection,
      notes,
    };
  } else {
    const method = opts.method === 'ig' ? 'integrated-gradients' : opts.method;
    a = await new GradientExplainer(differentiable(model), {
      method,
      steps: opts.steps,
      seed,
      featureNames: names,
    }).explain(x, n);
    progress.tick(n);
    notes.push(
      method === 'integrated-gradients'
        ? 'Integrated Gradients in the model’s input space, from the all-zeros input (the training mean when the features were standardized)'
        : 'gradients with respect to the model’s inputs (after preprocessing); no base value',
    );
  }
  a.data = raw; // plots show the file's values
  const o = (r: number): number => (a.outputs === 1 ? 0 : choice.targets[r]);
  const rows: ExplainedRow[] = [];
  for (let r = 0; r < n; r++) {
    const phi = Array.from({ length: d }, (_, j) => a.values[(r * d + j) * a.outputs + o(r)]);
    const ig = opts.method === 'ig';
    const output = a.outputsAtX[r * a.outputs + o(r)];
    const base = opts.method === 'shap' || ig ? a.baseValues[o(r)] : null;
    rows.push({
      row: choice.index[r],
      label: labelOf(data, choice.index[r]),
      target: o(r),
      output,
      base,
      attributions: phi,
      top: topK(phi, names, 5),
      ...(ig && base !== null ? { completenessError: completeness(phi, output, base) } : {}),
    });
  }
  charts.push(...tableCharts(a, data, opts.method === 'shap', o(0)));
  return {
    charts,
    rows,
    featureNames: names,
    globalImportance: importanceOf(rows, d, names),
    localAccuracy: opts.method === 'shap' ? 'exact' : opts.method === 'ig' ? 'approximate' : 'none',
    selection: choice.selection,
    notes,
  };
}

/** |Σφ − (f(x) − base)| / |f(x) − base| (absolute when the difference is < 1e-12). */
function completeness(phi: number[], output: number, base: number): number {
  const diff = output - base;
  const miss = Math.abs(phi.reduce((s, v) => s + v, 0) - diff);
  return Math.abs(diff) < 1e-12 ? miss : miss / Math.abs(diff);
}

function importanceOf(rows: ExplainedRow[], d: number, names: string[]): MethodOutput['globalImportance'] {
  const mean = new Float64Array(d);
  for (const r of rows) r.attributions.forEach((v, j) => (mean[j] += Math.abs(v) / rows.length));
  return ranked(mean, names);
}

function labelOf(data: ExplainData, i: number): number | null {
  return data.labels ? data.labels[i] : null;
}

function className(data: ExplainData, c: number): string {
  return data.classes?.[c] ?? String(c);
}

/** One Attribution from explaining `n` rows one at a time (so progress can tick per row). */
async function concatRows(
  n: number,
  d: number,
  one: (r: number) => Promise<Attribution>,
): Promise<Attribution> {
  let all: Attribution | undefined;
  for (let r = 0; r < n; r++) {
    const p = await one(r);
    if (!all) {
      all = {
        ...p,
        rows: n,
        values: new Float64Array(n * d * p.outputs),
        outputsAtX: new Float64Array(n * p.outputs),
        data: new Float64Array(n * d),
        details: [],
      };
    }
    all.values.set(p.values, r * d * p.outputs);
    all.outputsAtX.set(p.outputsAtX, r * p.outputs);
    all.data.set(p.data, r * d);
    all.details!.push(...(p.details ?? []));
  }
  return all!;
}

function tableCharts(
  a: Attribution,
  data: ExplainData,
  shap: boolean,
  output: number,
): MethodOutput['charts'] {
  const cls = className(data, output);
  const charts: MethodOutput['charts'] = [
    { caption: `Summary (beeswarm), class ${cls}`, spec: shapSummarySpec(a, { output }) },
    { caption: 'Mean |attribution|', spec: shapBarSpec(a, { output }) },
  ];
  if (shap) {
    charts.push(
      { caption: 'Waterfall, first explained row', spec: shapWaterfallSpec(a, 0, { output }) },
      { caption: 'Force plot, first explained row', spec: shapForceSpec(a, 0, { output }) },
    );
  }
  let best = 0;
  let bestValue = -1;
  for (let j = 0; j < a.features; j++) {
    let s = 0;
    for (let r = 0; r < a.rows; r++) s += Math.abs(a.values[(r * a.features + j) * a.outputs + output]);
    if (s > bestValue) [best, bestValue] = [j, s];
  }
  charts.push({
    caption: `Dependence of ${a.featureNames[best]}`,
    spec: shapDependenceSpec(a, best, { output }),
  });
  return charts;
}

/** Permutation importance over every loaded row, scored against the labels (or, without labels, the model's own predictions). */
async function permutation(
  box: BlackBoxModel,
  data: ExplainData,
  seed: number,
  notes: string[],
): Promise<MethodOutput> {
  const d = data.shape[0];
  const keep = data.labels
    ? [...data.labels.keys()].filter((i) => data.labels![i] >= 0)
    : [...Array(data.rows).keys()];
  const x = gatherRows(data.x, keep, d);
  let target: ArrayLike<number>;
  if (data.labels) target = keep.map((i) => data.labels![i]);
  else {
    target = argmaxRows(await box.predict(x, keep.length), keep.length, box.outputs);
    notes.push(
      'the data has no labels: importance is the drop in agreement with the model’s own predictions',
    );
  }
  const res = await permutationImportance(box, x, keep.length, {
    target,
    seed,
    repeats: 5,
    featureNames: data.featureNames,
  });
  notes.push(`baseline score ${res.baselineScore.toFixed(4)} on ${keep.length} rows`);
  return {
    charts: [
      {
        caption: 'Permutation importance (accuracy drop, ± std over 5 shuffles)',
        spec: importanceBarSpec(res.importances, { axisTitle: 'score drop' }),
      },
    ],
    rows: [],
    featureNames: data.featureNames,
    globalImportance: res.importances
      .map((i) => ({ feature: i.feature, importance: i.mean }))
      .sort((a, b) => b.importance - a.importance),
    localAccuracy: 'none',
    notes,
  };
}
