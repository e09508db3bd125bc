import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { checkedFlag, intFlag } from '../flags.ts';
import { FrontierError } from '@frontier/core';
import {
  dataSourceOf,
  EXPLAIN_METHODS,
  explainModel,
  SUPERPIXEL_METHODS,
  type ExplainMethod,
  type SuperpixelMethod,
} from '@frontier/core/explain';
import { emit, type GlobalFlags } from '../output.ts';

interface ExplainFlags {
  data: string;
  label?: string;
  features?: string;
  method: string;
  rows?: number;
  limit?: number;
  background?: number;
  nsamples?: number;
  steps?: number;
  superpixel?: number;
  segmentation: string;
  preprocess: boolean;
  seed?: number;
  out?: string;
  tracking?: string;
}

const int = (flag: string) => intFlag(flag);
const seedOf = checkedFlag('--seed', z.int());

/** `frontier explain <model-dir>`: explain a saved model on a data set; writes an HTML page and JSON. */
export function explainCommand(program: Command, flags: () => GlobalFlags): void {
  program
    .command('explain')
    .description(
      'explain a saved model on a data set (SHAP, LIME, gradients, Grad-CAM, permutation) and write an HTML page',
    )
    .argument('<model-dir>', 'folder with model.json + weights.bin (from frontier train)')
    .option(
      '-d, --data <mnist|path>',
      "'mnist', an IDX folder, an image folder (one subfolder per class) or a CSV/TSV/JSON/JSONL table",
      'mnist',
    )
    .option('--label <column>', 'label column of a table (default: the one the model was trained with)')
    .option(
      '--features <a,b,c>',
      'table feature columns, when the model folder does not record them (default: every column but the label)',
    )
    .option('-m, --method <method>', `one of ${EXPLAIN_METHODS.join(', ')}`, 'shap')
    .option(
      '--rows <n>',
      'rows to explain, a seeded sample stratified by label (default 4 images, 10 table rows)',
      int('--rows'),
    )
    .option(
      '--limit <n>',
      'rows to load (background, permutation and LIME statistics; default 200)',
      int('--limit'),
    )
    .option(
      '--background <k>',
      "KernelSHAP background: k-means centroids of the loaded rows' model inputs (default 20)",
      int('--background'),
    )
    .option(
      '--nsamples <n>',
      'KernelSHAP coalitions per row (default 2M + 2048, at most 2^M − 2)',
      int('--nsamples'),
    )
    .option('--steps <n>', 'Integrated Gradients steps (default 64)', int('--steps'))
    .option(
      '--segmentation <slic|grid>',
      'superpixels for SHAP/LIME on images: slic (follow edges) or grid (square tiles)',
      'slic',
    )
    .option(
      '--superpixel <px>',
      'superpixel side in pixels for SHAP/LIME on images (default 4)',
      int('--superpixel'),
    )
    .option(
      '--no-preprocess',
      "feed table columns to the model as they are (default: the model folder's saved preprocess.json)",
    )
    .option('--seed <n>', 'random seed (default 0)', seedOf)
    .option(
      '-o, --out <dir>',
      'where to write explain.html and explain.json (default explanations/<model>-<method>)',
    )
    .option('--tracking <url>', 'tracking store for the run: a SQLite path or postgres:// URL')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier explain models/cnn --method ig --rows 4            # Integrated Gradients heatmaps on MNIST
  $ frontier explain models/cnn --method gradcam -o out/gradcam
  $ frontier explain models/cnn --method lime                   # LIME over ~49 SLIC superpixels
  $ frontier explain models/cnn --method shap --segmentation grid --superpixel 7   # 16 square tiles
  $ frontier explain models/digits --data data/my-idx-folder --method ig   # any folder of the four IDX files
  $ frontier explain models/pets --data images/ --method gradcam           # one subfolder of images per class
  $ frontier explain models/penguins --data penguins.csv --method shap --json
  $ frontier explain models/penguins --data penguins.csv --method permutation`,
    )
    .action(async (modelDir: string, o: ExplainFlags) => {
      if (!(EXPLAIN_METHODS as readonly string[]).includes(o.method)) {
        throw new FrontierError('CLI_BAD_METHOD', `unknown method ${JSON.stringify(o.method)}`, {
          where: '--method',
          hint: `use one of ${EXPLAIN_METHODS.join(', ')}`,
        });
      }
      const method = o.method as ExplainMethod;
      if (!(SUPERPIXEL_METHODS as readonly string[]).includes(o.segmentation)) {
        throw new FrontierError(
          'CLI_BAD_SEGMENTATION',
          `unknown segmentation ${JSON.stringify(o.segmentation)}`,
          {
            where: '--segmentation',
            hint: `use one of ${SUPERPIXEL_METHODS.join(', ')}`,
          },
        );
      }
      const data = await dataSourceOf(o.data, {
        label: o.label,
        features: o.features?.split(',').map((f) => f.trim()),
      });
      const r = await explainModel({
        modelDir,
        data,
        method,
        rows: o.rows,
        limit: o.limit,
        background: o.background,
        nsamples: o.nsamples,
        steps: o.steps,
        superpixel: o.superpixel,
        segmentation: o.segmentation as SuperpixelMethod,
        preprocess: o.preprocess,
        seed: o.seed,
        outDir: o.out ?? join('explanations', `${basename(modelDir)}-${method}`),
        progress: process.stderr,
        tracking: o.tracking ?? true,
      });
      emit(flags(), r, () =>
        [
          `${method}: explained ${r.explainedRows ? r.selection : `${r.dataset.rows} rows`} of ${r.dataset.name} with ${r.model.name} in ${r.seconds.toFixed(1)} s`,
          `most important: ${r.globalImportance
            .slice(0, 5)
            .map((g) => `${g.feature} (${g.importance.toPrecision(3)})`)
            .join(', ')}`,
          ...r.notes,
          `wrote ${r.htmlPath} and ${r.jsonPath}${r.runId ? ` (run ${r.runId})` : ''}`,
        ].join('\n'),
      );
    });
}
