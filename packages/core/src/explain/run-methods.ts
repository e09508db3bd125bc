/** The per-method halves of `explainModel`: images (MNIST-like NHWC) and tables. */
import type * as tf from '@tensorflow/tfjs';
import type { VegaLiteSpec } from '../report/index.ts';
import { FrontierError } from '../util/errors.ts';
import { backgroundOf, kmeansBackground } from './background.ts';
import { differentiable } from './differentiable.ts';
import { GradientExplainer } from './gradient-explainer.ts';
import { gradCam, layerActivations } from './gradcam.ts';
import { integratedGradients, resolveTargets, saliency, smoothGrad } from './gradients.ts';
import { KernelShap } from './kernel-shap.ts';
import { LimeTabular, type LimeRowExplanation } from './lime.ts';
import { fromLayersModel } from './model.ts';
import { permutationImportance } from './permutation.ts';
import { attributionHeatmapSpec, featureMapsSpec } from './plots/image-plots.ts';
import { importanceBarSpec } from './plots/importance-plot.ts';
import { limeBarSpec } from './plots/lime-plot.ts';
import {
  shapBarSpec,
  shapDependenceSpec,
  shapForceSpec,
  shapSummarySpec,
  shapWaterfallSpec,
} from './plots/shap-plots.ts';
import type { ExplainRunOptions, ExplainRunResult } from './run.ts';
import type { ExplainData } from './run-data.ts';
import { limeImage, segmentImage, superpixelModel, superpixelsToPixels } from './superpixels.ts';
import type { Attribution, BlackBoxModel } from './types.ts';

/** What a method produced: charts, per-row summaries, global importance and notes. */
export interface MethodOutput {
  charts: { caption: string; spec: VegaLiteSpec }[];
  rows: ExplainRunResult['rows'];
  globalImportance: ExplainRunResult['globalImportance'];
  notes: string[];
}

function topK(values: ArrayLike<number>, names: string[], k: number): { feature: string; value: number }[] {
  return Array.from(values, (value, j) => ({ feature: names[j], value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, k);
}

function meanAbs(values: ArrayLike<number>, rows: number, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) out[j] += Math.abs(values[r * d + j]) / rows;
  return out;
}

function ranked(values: Float64Array, names: string[]): { feature: string; importance: number }[] {
  return Array.from(values, (importance, j) => ({ feature: names[j], importance })).sort(
    (a, b) => b.importance - a.importance,
  );
}

/** Explains the first `rows` images for their top class with the chosen method; heatmaps, plus conv feature maps of image 0. */
export async function explainImages(
  model: tf.LayersModel,
  data: ExplainData,
  opts: ExplainRunOptions,
): Promise<MethodOutput> {
  const n = Math.min(opts.rows ?? 4, data.rows);
  const [h, w, c] = data.shape;
  const size = h * w * c;
  const x = data.x.slice(0, n * size);
  const dm = differentiable(model);
  const targets = resolveTargets(dm, x, n, 'top');
  const notes: string[] = [];
  let maps: Float32Array; // n × size (or n × h × w for grad-cam)
  let perPixel = size;
  const completeness: number[] = [];
  switch (opts.method) {
    case 'ig': {
      const ig = integratedGradients(dm, x, n, { steps: opts.steps ?? 64, target: targets });
      maps = ig.values;
      completeness.push(...ig.completenessError);
      notes.push(
        `Integrated Gradients from a black image, ${opts.steps ?? 64} steps; completeness error per row: ${completeness.map((e) => `${(e * 100).toFixed(2)}%`).join(', ')}`,
      );
      break;
    }
    case 'saliency':
      maps = saliency(dm, x, n, { target: targets }).values;
      break;
    case 'smoothgrad':
      maps = smoothGrad(dm, x, n, { target: targets, seed: opts.seed }).values;
      break;
    case 'gradcam': {
      const g = gradCam(model, x, n, { target: targets });
      maps = g.values;
      perPixel = h * w;
      notes.push(`Grad-CAM at layer ${g.layer} (${g.camShape.join('×')}), upsampled to ${h}×${w}`);
      break;
    }
    case 'shap':
    case 'lime': {
      const method = opts.segmentation ?? 'slic';
      const side = opts.superpixel ?? 4;
      const box = fromLayersModel(model);
      maps = new Float32Array(n * h * w);
      perPixel = h * w;
      const counts: number[] = [];
      for (let r = 0; r < n; r++) {
        const image = x.subarray(r * size, (r + 1) * size);
        // SLIC follows each image's own edges, so every row gets its own segmentation.
        const sp = segmentImage(image, h, w, c, { method, size: side });
        counts.push(sp.count);
        const pm = superpixelModel(box, sp, image);
        let weights: ArrayLike<number>;
        if (opts.method === 'shap') {
          const ks = new KernelShap(pm, {
            background: backgroundOf(new Float64Array(sp.count), 1),
            nsamples: opts.nsamples,
            seed: opts.seed,
          });
          const a = await ks.explain(new Float64Array(sp.count).fill(1), 1);
          weights = Float64Array.from({ length: sp.count }, (_, j) => a.values[j * a.outputs + targets[r]]);
        } else {
          weights = (await limeImage(pm, { output: targets[r], seed: opts.seed })).weights;
        }
        maps.set(superpixelsToPixels(sp, weights), r * h * w);
      }
      const lo = Math.min(...counts);
      const hi = Math.max(...counts);
      notes.push(
        `${opts.method === 'shap' ? 'KernelSHAP' : 'LIME'} over ${lo === hi ? lo : `${lo}–${hi}`} superpixels (${method === 'slic' ? `SLIC, about ${side}×${side} pixels each` : `grid tiles of ${side}×${side} pixels`}) against a black image`,
      );
      break;
    }
    case 'permutation':
      throw new FrontierError(
        'EXPLAIN_METHOD_DATA',
        'permutation importance shuffles table columns; it is not defined for single pixels here',
        {
          where: '--method permutation',
          hint: 'use --method ig, saliency, smoothgrad, gradcam, shap or lime on images',
        },
      );
  }
  const names = perPixel === size ? data.featureNames : data.featureNames.filter((_, i) => i % c === 0);
  const charts: MethodOutput['charts'] = [];
  const rows: ExplainRunResult['rows'] = [];
  for (let r = 0; r < n; r++) {
    const m = maps.subarray(r * perPixel, (r + 1) * perPixel);
    const cls = data.classes?.[targets[r]] ?? String(targets[r]);
    charts.push({
      caption: `Image ${r} (label ${data.classes?.[data.labels[r]] ?? data.labels[r]}), ${opts.method} for class ${cls}`,
      spec: attributionHeatmapSpec({
        image: x.subarray(r * size, (r + 1) * size),
        attribution: perPixel === size ? m : expandChannels(m, c),
        height: h,
        width: w,
        channels: c,
        pixel: 6,
      }),
    });
    rows.push({
      row: r,
      label: data.labels[r],
      target: targets[r],
      top: topK(m, names, 5),
      ...(completeness.length ? { completenessError: completeness[r] } : {}),
    });
  }
  const acts = layerActivations(model, x.subarray(0, size), { only: 'Conv2D' });
  for (const act of acts.slice(0, 2))
    charts.push({ caption: `Feature maps of ${act.layer} for image 0`, spec: featureMapsSpec(act) });
  return { charts, rows, globalImportance: ranked(meanAbs(maps, n, perPixel), names), notes };
}

function expandChannels(plane: Float32Array, c: number): Float32Array {
  const out = new Float32Array(plane.length * c);
  plane.forEach((v, i) => out.fill(v / c, i * c, (i + 1) * c));
  return out;
}

/** A table model as a black box on raw features (standardizing inside when asked), and the map raw → model input. */
function tableModel(
  model: tf.LayersModel,
  data: ExplainData,
  standardize: boolean,
): { box: BlackBoxModel; toModel: (x: Float64Array) => Float64Array } {
  const inner = fromLayersModel(model);
  if (!standardize) return { box: inner, toModel: (x) => x };
  const d = data.shape[0];
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let r = 0; r < data.rows; r++) for (let j = 0; j < d; j++) mean[j] += data.x[r * d + j] / data.rows;
  for (let r = 0; r < data.rows; r++)
    for (let j = 0; j < d; j++) std[j] += (data.x[r * d + j] - mean[j]) ** 2 / data.rows;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  const toModel = (x: Float64Array): Float64Array => x.map((v, i) => (v - mean[i % d]) / std[i % d]);
  return {
    box: { inputs: d, outputs: inner.outputs, predict: (x, rows) => inner.predict(toModel(x), rows) },
    toModel,
  };
}

/** Explains the first `rows` table rows (or, for permutation, all loaded rows) with the chosen method. */
export async function explainTable(
  model: tf.LayersModel,
  data: ExplainData,
  opts: ExplainRunOptions,
): Promise<MethodOutput> {
  const d = data.shape[0];
  const n = Math.min(opts.rows ?? 10, data.rows);
  const all = Float64Array.from(data.x);
  const x = all.slice(0, n * d);
  const { box, toModel } = tableModel(model, data, opts.standardize ?? true);
  const names = data.featureNames;
  const notes: string[] = [];
  if (opts.standardize ?? true)
    notes.push('features standardized by the loaded rows’ mean and std before the model, as training does');
  const probs = await box.predict(x, n);
  const targets = Int32Array.from({ length: n }, (_, r) => {
    let best = 0;
    for (let o = 1; o < box.outputs; o++)
      if (probs[r * box.outputs + o] > probs[r * box.outputs + best]) best = o;
    return best;
  });
  const charts: MethodOutput['charts'] = [];
  const rows: ExplainRunResult['rows'] = [];
  let attribution: Attribution | undefined;
  switch (opts.method) {
    case 'shap': {
      const k = Math.min(opts.background ?? 20, data.rows);
      const background = kmeansBackground(all, data.rows, k, { seed: opts.seed });
      attribution = await new KernelShap(box, {
        background,
        nsamples: opts.nsamples,
        seed: opts.seed,
        featureNames: names,
      }).explain(x, n);
      notes.push(
        `KernelSHAP against a k-means background of ${background.rows} rows; base value E[f] = ${Array.from(attribution.baseValues, (v) => v.toFixed(4)).join(', ')}`,
      );
      break;
    }
    case 'ig':
    case 'saliency':
    case 'smoothgrad': {
      const method = opts.method === 'ig' ? 'integrated-gradients' : opts.method;
      // Gradients are taken in the model's (standardized) input space, from the all-zeros
      // baseline there (the mean row); the plots show raw values.
      const z = toModel(x);
      attribution = await new GradientExplainer(differentiable(model), {
        method,
        steps: opts.steps,
        seed: opts.seed,
        featureNames: names,
      }).explain(z, n);
      attribution.data = x;
      notes.push(
        'gradients are taken with respect to the model’s (standardized) inputs; Integrated Gradients starts from the mean row',
      );
      break;
    }
    case 'lime': {
      const lime = new LimeTabular(box, {
        trainingData: all,
        trainingRows: data.rows,
        seed: opts.seed,
        featureNames: names,
      });
      const a = await lime.explain(x, n);
      const details = a.details as unknown as LimeRowExplanation[];
      details.slice(0, 3).forEach((e, r) =>
        charts.push({
          caption: `LIME, row ${r}, class ${data.classes?.[e.output] ?? e.output}`,
          spec: limeBarSpec(e),
        }),
      );
      details.forEach((e, r) =>
        rows.push({
          row: r,
          label: data.labels[r],
          target: e.output,
          top: e.features.slice(0, 5).map((f) => ({ feature: f.description, value: f.weight })),
        }),
      );
      return { charts, rows, globalImportance: ranked(meanAbs(a.values, n, d), names), notes };
    }
    case 'permutation': {
      const res = await permutationImportance(box, all, data.rows, {
        target: data.labels,
        seed: opts.seed,
        repeats: 5,
        featureNames: names,
      });
      charts.push({
        caption: 'Permutation importance (accuracy drop, ± std over 5 shuffles)',
        spec: importanceBarSpec(res.importances, { axisTitle: 'score drop' }),
      });
      notes.push(`baseline score ${res.baselineScore.toFixed(4)} on ${data.rows} rows`);
      return {
        charts,
        rows,
        globalImportance: res.importances
          .map((i) => ({ feature: i.feature, importance: i.mean }))
          .sort((a, b) => b.importance - a.importance),
        notes,
      };
    }
    case 'gradcam':
      throw new FrontierError('EXPLAIN_METHOD_DATA', 'Grad-CAM needs a convolutional model on images', {
        where: '--method gradcam',
        hint: 'use --method shap, lime, permutation, ig, saliency or smoothgrad on tables',
      });
  }
  const a = attribution!;
  const o = (r: number): number => (a.outputs === 1 ? 0 : targets[r]);
  // Charts explain each row's top class; the summary, bar and dependence plots use row 0's class.
  const chartOutput = o(0);
  charts.push(
    {
      caption: `Summary (beeswarm), class ${data.classes?.[chartOutput] ?? chartOutput}`,
      spec: shapSummarySpec(a, { output: chartOutput }),
    },
    { caption: 'Mean |attribution|', spec: shapBarSpec(a, { output: chartOutput }) },
  );
  if (opts.method === 'shap') {
    charts.push(
      { caption: 'Waterfall, row 0', spec: shapWaterfallSpec(a, 0, { output: chartOutput }) },
      { caption: 'Force plot, row 0', spec: shapForceSpec(a, 0, { output: chartOutput }) },
    );
  }
  const top = ranked(
    Float64Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let r = 0; r < n; r++) s += Math.abs(a.values[(r * d + j) * a.outputs + chartOutput]) / n;
      return s;
    }),
    names,
  );
  const topIndex = names.indexOf(top[0].feature);
  charts.push({
    caption: `Dependence of ${top[0].feature}`,
    spec: shapDependenceSpec(a, topIndex, { output: chartOutput }),
  });
  for (let r = 0; r < n; r++) {
    const phi = Float64Array.from({ length: d }, (_, j) => a.values[(r * d + j) * a.outputs + o(r)]);
    rows.push({ row: r, label: data.labels[r], target: targets[r], top: topK(phi, names, 5) });
  }
  return { charts, rows, globalImportance: top, notes };
}
