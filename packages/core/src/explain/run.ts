/**
 * `explainModel`: one explanation run on a saved model and a data set, the library side of
 * `frontier explain`. Loads both, runs one method, draws its charts, and writes
 * `explain.html` and `explain.json` into `outDir` when one is given.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { loadModel } from '../io/index.ts';
import { countParams } from '../models/index.ts';
import { renderSvg, type VegaLiteSpec } from '../report/index.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { FrontierError } from '../util/errors.ts';
import { loadExplainData, type ExplainData, type ExplainDataSource } from './run-data.ts';
import { renderExplainPage } from './page.ts';
import { explainImages, explainTable, type MethodOutput } from './run-methods.ts';
import { modelDiagramSpec, modelStructure } from './plots/model-plot.ts';
import type { SuperpixelMethod } from './superpixels.ts';

/** The methods `explainModel` runs. */
export const EXPLAIN_METHODS = [
  'shap',
  'lime',
  'ig',
  'saliency',
  'smoothgrad',
  'gradcam',
  'permutation',
] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/**
 * Options of `explainModel`.
 * - `modelDir`, `data`, `method` (required).
 * - `rows`: rows explained (default 4 images, 10 table rows); `limit`: rows loaded (default 200).
 * - `background`: KernelSHAP background rows (k-means centroids; default 20) for tables.
 * - `nsamples` (KernelSHAP), `steps` (IG, default 64).
 * - `segmentation` (image SHAP/LIME superpixels: `slic`, the default, or `grid`) and
 *   `superpixel` (their side in pixels, default 4).
 * - `standardize` (tables, default true): the model sees (x − mean)/std of the loaded rows,
 *   as `frontier train` standardizes; explanations stay in raw units.
 * - `seed` (default 0); `outDir`: where to write explain.html and explain.json.
 */
export interface ExplainRunOptions {
  modelDir: string;
  data: ExplainDataSource;
  method: ExplainMethod;
  rows?: number;
  limit?: number;
  background?: number;
  nsamples?: number;
  steps?: number;
  superpixel?: number;
  segmentation?: SuperpixelMethod;
  standardize?: boolean;
  seed?: number;
  outDir?: string;
}

/** What a run found, as `--json` prints it. */
export interface ExplainRunResult {
  method: ExplainMethod;
  model: { dir: string; name: string; parameters: number };
  dataset: { name: string; rows: number };
  explainedRows: number;
  /** Mean |attribution| per feature over explained rows (permutation: mean score drop), largest first, top 20. */
  globalImportance: { feature: string; importance: number }[];
  rows: {
    row: number;
    label: number;
    target: number;
    top: { feature: string; value: number }[];
    completenessError?: number;
  }[];
  notes: string[];
  htmlPath?: string;
  jsonPath?: string;
  seconds: number;
}

/** Runs one explanation method end to end; see `ExplainRunOptions`. */
export async function explainModel(opts: ExplainRunOptions): Promise<ExplainRunResult> {
  const t0 = performance.now();
  if (!EXPLAIN_METHODS.includes(opts.method)) {
    throw new FrontierError('EXPLAIN_BAD_METHOD', `unknown method ${JSON.stringify(opts.method)}`, {
      where: '--method',
      hint: `use one of ${EXPLAIN_METHODS.join(', ')}`,
    });
  }
  const model = await loadModel(opts.modelDir);
  const data = await loadExplainData(opts.data, opts.limit ?? 200);
  checkShapes(model, data, opts.modelDir);
  const out: MethodOutput =
    data.kind === 'image' ? await explainImages(model, data, opts) : await explainTable(model, data, opts);
  const specs: { caption: string; spec: VegaLiteSpec }[] = [
    ...out.charts,
    { caption: 'Model structure', spec: modelDiagramSpec(modelStructure(model)) },
  ];
  const figures = [];
  for (const c of specs) figures.push({ caption: c.caption, svg: await renderSvg(c.spec) });
  const result: ExplainRunResult = {
    method: opts.method,
    model: { dir: opts.modelDir, name: model.name, parameters: countParams(model) },
    dataset: { name: data.name, rows: data.rows },
    explainedRows: out.rows.length,
    globalImportance: out.globalImportance.slice(0, 20),
    rows: out.rows,
    notes: out.notes,
    seconds: 0,
  };
  if (opts.outDir) {
    await mkdir(opts.outDir, { recursive: true });
    result.htmlPath = join(opts.outDir, 'explain.html');
    result.jsonPath = join(opts.outDir, 'explain.json');
  }
  result.seconds = (performance.now() - t0) / 1000;
  if (result.htmlPath && result.jsonPath) {
    const html = renderExplainPage({
      title: `${opts.method} explanation of ${model.name}`,
      facts: [
        ['model', `${opts.modelDir} (${result.model.parameters.toLocaleString('en-US')} parameters)`],
        ['data', `${data.name}, ${data.rows} rows loaded`],
        ['explained rows', String(out.rows.length)],
        ...out.notes.map((n, i): [string, string] => [`note ${i + 1}`, n]),
      ],
      figures,
    });
    await writeFileAtomic(result.htmlPath, html);
    await writeFileAtomic(result.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  }
  model.dispose();
  return result;
}

function checkShapes(model: tf.LayersModel, data: ExplainData, dir: string): void {
  const want = model.inputs[0].shape.slice(1);
  const size = want.reduce((a: number, b) => a * (b ?? 1), 1);
  const have = data.shape.reduce((a, b) => a * b, 1);
  if (size !== have) {
    throw new FrontierError(
      'EXPLAIN_SHAPE_MISMATCH',
      `the model takes [${want.join(', ')}] per row; the data has [${data.shape.join(', ')}]`,
      { where: dir, hint: 'explain the model on the data set (and feature columns) it was trained on' },
    );
  }
}
