/**
 * `explainModel`: one explanation run on a saved model and a data set, the library side of
 * `frontier explain`. Loads both (with the model's saved preprocessing), runs one method on
 * a stratified sample of rows, draws its charts, writes `explain.html` and a complete
 * `explain.json` into `outDir`, and records a tracked run when asked.
 */
import { mkdir } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { countParams } from '../models/index.ts';
import { renderSvg, type VegaLiteSpec } from '../report/index.ts';
import type { ProgressStream } from '../train/progress.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { FrontierError } from '../util/errors.ts';
import { loadModelBundle } from '../preprocess/model-bundle.ts';
import { renderExplainPage } from './page.ts';
import { modelDiagramSpec, modelStructure } from './plots/model-plot.ts';
import { loadExplainData, type ExplainData, type ExplainDataSource } from './run-data.ts';
import { explainImages } from './run-images.ts';
import type { ExplainedRow, LocalAccuracy } from './run-rows.ts';
import { explainTable } from './run-table.ts';
import { SUPERPIXEL_METHODS, type SuperpixelMethod } from './superpixels.ts';
import { startExplainRun, type ExplainTrackedRun } from './track-run.ts';

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
 * - `rows`: rows explained, a sample stratified by label (or predicted class without
 *   labels), seeded (default 4 images, 10 table rows); `limit`: rows loaded, the pool the
 *   sample, the SHAP background, LIME's statistics and permutation importance use
 *   (default 200; a seeded stratified sample of a longer data set).
 * - `background`: KernelSHAP background for tables: k-means centroids of the loaded rows'
 *   model inputs, after preprocessing (default 20).
 * - `nsamples` (KernelSHAP), `steps` (IG, default 64).
 * - `segmentation` (image SHAP/LIME superpixels: `slic`, the default, or `grid`) and
 *   `superpixel` (their side in pixels, default 4).
 * - `preprocess` (default true): apply the model folder's saved preprocess.json; a table
 *   model without one is an error unless this is false (the model then sees the encoded
 *   columns as they are). Rows are never re-standardized with their own statistics.
 * - `seed` (default 0); `outDir`: where to write explain.html and explain.json.
 * - `progress`: where a TTY progress bar goes (default none).
 * - `tracking`: record a tracked run (inputs, outputs, SHA-256): `true` for the default
 *   store, a URL or path for another; default off.
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
  preprocess?: boolean;
  seed?: number;
  outDir?: string;
  progress?: ProgressStream;
  tracking?: boolean | string;
}

/** What a run found: explain.json, and what `--json` prints. See `ExplainedRow` for each row. */
export interface ExplainRunResult {
  format: 'frontier-explain';
  version: 1;
  method: ExplainMethod;
  model: { dir: string; name: string; parameters: number };
  dataset: { name: string; kind: 'image' | 'table'; rows: number };
  /** How the explained rows were chosen. */
  selection: string;
  explainedRows: number;
  /** Class names in output order, when known. */
  classes?: string[];
  /** The features rows' `attributions` refer to (image SHAP/LIME: each row names its superpixels). */
  featureNames: string[];
  /** Whether `base + Σ attributions = output` holds exactly, approximately, or is not a property of the method. */
  localAccuracy: LocalAccuracy;
  /** Mean |attribution| per feature over the explained rows (permutation: mean score drop), largest first, every feature. */
  globalImportance: { feature: string; importance: number }[];
  rows: ExplainedRow[];
  notes: string[];
  htmlPath?: string;
  jsonPath?: string;
  /** The tracked run, when tracking was on. */
  runId?: string;
  seconds: number;
}

/**
 * Runs one explanation method end to end; see `ExplainRunOptions`. The model and data
 * are loaded (and so checked) before a tracked run starts, so bad input is reported as
 * an error and leaves no run behind; a failure after that marks the run failed.
 */
export async function explainModel(opts: ExplainRunOptions): Promise<ExplainRunResult> {
  checkOptions(opts);
  const t0 = performance.now();
  const bundle = await loadModelBundle(opts.modelDir);
  try {
    const data = await loadExplainData(opts.data, bundle, {
      limit: opts.limit ?? 200,
      seed: opts.seed ?? 0,
      preprocess: opts.preprocess ?? true,
    });
    const tracked: ExplainTrackedRun | undefined = opts.tracking
      ? await startExplainRun({
          tracking: typeof opts.tracking === 'string' ? opts.tracking : undefined,
          modelDir: opts.modelDir,
          data: opts.data,
          seed: opts.seed ?? 0,
          params: trackedParams(opts),
        })
      : undefined;
    try {
      const result = await run(bundle.model, data, opts, t0);
      result.runId = tracked?.runId;
      if (result.jsonPath) await writeFileAtomic(result.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
      const outputs = result.htmlPath && result.jsonPath ? [result.htmlPath, result.jsonPath] : [];
      await tracked?.finish(outputs, { explainedRows: result.explainedRows, seconds: result.seconds });
      return result;
    } catch (err) {
      await tracked?.fail(err).catch(() => undefined);
      throw err;
    }
  } finally {
    bundle.model.dispose();
  }
}

async function run(
  model: tf.LayersModel,
  data: ExplainData,
  opts: ExplainRunOptions,
  t0: number,
): Promise<ExplainRunResult> {
  const out =
    data.kind === 'image' ? await explainImages(model, data, opts) : await explainTable(model, data, opts);
  const specs: { caption: string; spec: VegaLiteSpec }[] = [
    ...out.charts,
    { caption: 'Model structure', spec: modelDiagramSpec(modelStructure(model)) },
  ];
  const figures = [];
  for (const c of specs) figures.push({ caption: c.caption, svg: await renderSvg(c.spec) });
  const notes = [...data.notes, ...out.notes];
  const result: ExplainRunResult = {
    format: 'frontier-explain',
    version: 1,
    method: opts.method,
    model: { dir: opts.modelDir, name: model.name, parameters: countParams(model) },
    dataset: { name: data.name, kind: data.kind, rows: data.rows },
    selection: out.selection ?? `all ${data.rows} loaded rows`,
    explainedRows: out.rows.length,
    ...(data.classes ? { classes: data.classes } : {}),
    featureNames: out.featureNames,
    localAccuracy: out.localAccuracy,
    globalImportance: out.globalImportance,
    rows: out.rows,
    notes,
    seconds: 0,
  };
  if (opts.outDir) {
    await mkdir(opts.outDir, { recursive: true });
    result.htmlPath = join(opts.outDir, 'explain.html');
    result.jsonPath = join(opts.outDir, 'explain.json');
  }
  result.seconds = (performance.now() - t0) / 1000;
  if (result.htmlPath) {
    const html = renderExplainPage({
      title: `${opts.method} explanation of ${model.name}`,
      facts: [
        ['model', `${opts.modelDir} (${result.model.parameters.toLocaleString('en-US')} parameters)`],
        ['data', `${data.name}, ${data.rows} rows loaded`],
        ['explained rows', result.selection],
        ...notes.map((n, i): [string, string] => [`note ${i + 1}`, n]),
      ],
      figures,
    });
    await writeFileAtomic(result.htmlPath, html);
  }
  return result;
}

const POSITIVE = ['rows', 'limit', 'background', 'nsamples', 'steps', 'superpixel'] as const;

/** Throws `EXPLAIN_BAD_METHOD` or `EXPLAIN_BAD_OPTION` (naming the flag) before any work is done. */
function checkOptions(opts: ExplainRunOptions): void {
  if (!EXPLAIN_METHODS.includes(opts.method)) {
    throw new FrontierError('EXPLAIN_BAD_METHOD', `unknown method ${JSON.stringify(opts.method)}`, {
      where: '--method',
      hint: `use one of ${EXPLAIN_METHODS.join(', ')}`,
    });
  }
  for (const key of POSITIVE) {
    const v = opts[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw new FrontierError('EXPLAIN_BAD_OPTION', `${key} must be a positive integer, got ${String(v)}`, {
        where: `--${key}`,
        hint: `pass a whole number of at least 1${key === 'rows' ? ', e.g. --rows 10' : ''}`,
      });
    }
  }
  if (opts.segmentation !== undefined && !SUPERPIXEL_METHODS.includes(opts.segmentation)) {
    throw new FrontierError(
      'EXPLAIN_BAD_OPTION',
      `unknown segmentation ${JSON.stringify(opts.segmentation)}`,
      {
        where: '--segmentation',
        hint: `use one of ${SUPERPIXEL_METHODS.join(', ')}`,
      },
    );
  }
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) {
    throw new FrontierError('EXPLAIN_BAD_OPTION', `seed must be an integer, got ${String(opts.seed)}`, {
      where: '--seed',
      hint: 'pass a whole number such as 0',
    });
  }
}

function trackedParams(opts: ExplainRunOptions): Record<string, unknown> {
  const { progress: _p, tracking: _t, data: _d, modelDir: _m, ...rest } = opts;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
