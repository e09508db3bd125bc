/** The image half of `explainModel`: gradient heatmaps, Grad-CAM, and SHAP/LIME over superpixels. */
import type * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { backgroundOf } from './background.ts';
import { differentiable } from './differentiable.ts';
import { gradCam, layerActivations } from './gradcam.ts';
import { integratedGradients, outputsOf, saliency, smoothGrad } from './gradients.ts';
import { KernelShap } from './kernel-shap.ts';
import { fromLayersModel } from './model.ts';
import { attributionHeatmapSpec, featureMapsSpec } from './plots/image-plots.ts';
import { ExplainProgress } from './progress.ts';
import type { ExplainRunOptions } from './run.ts';
import type { ExplainData } from './run-data.ts';
import { chooseRows, meanAbs, ranked, topK, type ExplainedRow, type MethodOutput } from './run-rows.ts';
import { limeImage, segmentImage, superpixelModel, superpixelsToPixels } from './superpixels.ts';
import type { BlackBoxModel } from './types.ts';

/**
 * Explains `rows` images (default 4), chosen stratified by class, each for its predicted
 * class. Gradient methods work on the model's inputs (after any saved scaler); SHAP and
 * LIME switch superpixels of the raw image on and off against a black image. Each row
 * in the result carries f(x), the base value and every feature's attribution: pixels for
 * the gradient methods, superpixels (with the segment map) for SHAP and LIME.
 */
export async function explainImages(
  model: tf.LayersModel,
  data: ExplainData,
  opts: ExplainRunOptions,
): Promise<MethodOutput> {
  if (opts.method === 'permutation') {
    throw new FrontierError(
      'EXPLAIN_METHOD_DATA',
      'permutation importance shuffles table columns; it is not defined for single pixels here',
      {
        where: '--method permutation',
        hint: 'use --method ig, saliency, smoothgrad, gradcam, shap or lime on images',
      },
    );
  }
  const [h, w, c] = data.shape;
  const size = h * w * c;
  const seed = opts.seed ?? 0;
  const inner = fromLayersModel(model);
  const choice = await chooseRows(inner, data, opts.rows ?? 4, seed);
  const n = choice.index.length;
  const targets = choice.targets;
  const x = new Float32Array(n * size); // model inputs
  const raw = new Float32Array(n * size); // pixels in [0, 1]
  choice.index.forEach((i, k) => {
    x.set(data.x.subarray(i * size, (i + 1) * size), k * size);
    raw.set(data.raw.subarray(i * size, (i + 1) * size), k * size);
  });
  const notes: string[] = [];
  const dm = differentiable(model);
  const fx = outputsOf(dm, x, n);
  const progress = new ExplainProgress(opts.progress, opts.method, n);
  const rows: ExplainedRow[] = [];
  let maps: Float32Array; // n × perPixel, for heatmaps and global importance
  let perPixel = size;
  const row = (
    r: number,
    extra: Partial<ExplainedRow> & Pick<ExplainedRow, 'attributions' | 'base'>,
  ): void => {
    rows.push({
      row: choice.index[r],
      label: data.labels ? data.labels[choice.index[r]] : null,
      target: targets[r],
      output: fx[r * dm.outputs + targets[r]],
      top: [],
      ...extra,
    });
  };
  switch (opts.method) {
    case 'ig': {
      const steps = opts.steps ?? 64;
      const black = data.toModel(new Float32Array(size), 1);
      const ig = integratedGradients(dm, x, n, { steps, target: targets, baseline: black });
      maps = ig.values;
      for (let r = 0; r < n; r++)
        row(r, {
          attributions: Array.from(maps.subarray(r * size, (r + 1) * size)),
          base: ig.outputsAtBaseline[r],
          completenessError: ig.completenessError[r],
        });
      progress.tick(n);
      notes.push(
        `Integrated Gradients from a black image, ${steps} steps; completeness error per row: ${Array.from(ig.completenessError, (e) => `${(e * 100).toFixed(2)}%`).join(', ')}`,
      );
      break;
    }
    case 'saliency':
    case 'smoothgrad': {
      maps =
        opts.method === 'saliency'
          ? saliency(dm, x, n, { target: targets }).values
          : smoothGrad(dm, x, n, { target: targets, seed }).values;
      for (let r = 0; r < n; r++)
        row(r, { attributions: Array.from(maps.subarray(r * size, (r + 1) * size)), base: null });
      progress.tick(n);
      break;
    }
    case 'gradcam': {
      const g = gradCam(model, x, n, { target: targets });
      maps = g.values;
      perPixel = h * w;
      for (let r = 0; r < n; r++)
        row(r, { attributions: Array.from(maps.subarray(r * perPixel, (r + 1) * perPixel)), base: null });
      progress.tick(n);
      notes.push(`Grad-CAM at layer ${g.layer} (${g.camShape.join('×')}), upsampled to ${h}×${w}`);
      break;
    }
    case 'shap':
    case 'lime': {
      const method = opts.segmentation ?? 'slic';
      const side = opts.superpixel ?? 4;
      // Superpixels are switched off to black in the raw image; the saved steps run inside.
      const box: BlackBoxModel = {
        inputs: size,
        outputs: inner.outputs,
        predict: (z, k) => inner.predict(Float64Array.from(data.toModel(Float32Array.from(z), k)), k),
      };
      maps = new Float32Array(n * h * w);
      perPixel = h * w;
      const counts: number[] = [];
      for (let r = 0; r < n; r++) {
        const image = raw.subarray(r * size, (r + 1) * size);
        // SLIC follows each image's own edges, so every row gets its own segmentation.
        const sp = segmentImage(image, h, w, c, { method, size: side });
        counts.push(sp.count);
        const pm = superpixelModel(box, sp, image);
        const spNames = Array.from({ length: sp.count }, (_, j) => `superpixel ${j}`);
        let weights: ArrayLike<number>;
        if (opts.method === 'shap') {
          const ks = new KernelShap(pm, {
            background: backgroundOf(new Float64Array(sp.count), 1),
            nsamples: opts.nsamples,
            seed,
          });
          const a = await ks.explain(new Float64Array(sp.count).fill(1), 1);
          weights = Float64Array.from({ length: sp.count }, (_, j) => a.values[j * a.outputs + targets[r]]);
          row(r, {
            output: a.outputsAtX[targets[r]],
            base: a.baseValues[targets[r]],
            attributions: Array.from(weights),
            featureNames: spNames,
            segments: Array.from(sp.segment),
          });
        } else {
          const lime = await limeImage(pm, { output: targets[r], seed });
          weights = lime.weights;
          row(r, {
            base: lime.intercept,
            attributions: Array.from(weights),
            featureNames: spNames,
            segments: Array.from(sp.segment),
          });
        }
        maps.set(superpixelsToPixels(sp, weights), r * h * w);
        progress.tick();
      }
      const lo = Math.min(...counts);
      const hi = Math.max(...counts);
      notes.push(
        `${opts.method === 'shap' ? 'KernelSHAP' : 'LIME'} over ${lo === hi ? lo : `${lo}–${hi}`} superpixels (${method === 'slic' ? `SLIC, about ${side}×${side} pixels each` : `grid tiles of ${side}×${side} pixels`}) against a black image`,
      );
      break;
    }
  }
  const pixelNames = perPixel === size ? data.featureNames : data.featureNames.filter((_, i) => i % c === 0);
  const charts: MethodOutput['charts'] = [];
  for (let r = 0; r < n; r++) {
    const m = maps.subarray(r * perPixel, (r + 1) * perPixel);
    rows[r].top = topK(rows[r].attributions, rows[r].featureNames ?? pixelNames, 5);
    const label = rows[r].label;
    charts.push({
      caption: `Image ${rows[r].row} (label ${label === null ? 'unknown' : (data.classes?.[label] ?? label)}), ${opts.method} for class ${data.classes?.[targets[r]] ?? targets[r]}`,
      spec: attributionHeatmapSpec({
        image: raw.subarray(r * size, (r + 1) * size),
        attribution: perPixel === size ? m : expandChannels(m, c),
        height: h,
        width: w,
        channels: c,
        pixel: 6,
      }),
    });
  }
  const acts = layerActivations(model, x.subarray(0, size), { only: 'Conv2D' });
  for (const act of acts.slice(0, 2))
    charts.push({
      caption: `Feature maps of ${act.layer} for the first explained image`,
      spec: featureMapsSpec(act),
    });
  return {
    charts,
    rows,
    featureNames: opts.method === 'shap' || opts.method === 'lime' ? [] : pixelNames,
    globalImportance: ranked(meanAbs(maps, n, perPixel), pixelNames),
    localAccuracy: opts.method === 'shap' ? 'exact' : opts.method === 'ig' ? 'approximate' : 'none',
    selection: choice.selection,
    notes,
  };
}

function expandChannels(plane: Float32Array, c: number): Float32Array {
  const out = new Float32Array(plane.length * c);
  plane.forEach((v, i) => out.fill(v / c, i * c, (i + 1) * c));
  return out;
}
