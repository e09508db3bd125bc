/**
 * What `frontier explain` explains a model on: every data kind `train` accepts (the
 * bundled MNIST, any IDX folder, an image folder of class subfolders, a CSV/TSV/JSON/
 * JSON Lines table), recognized from a path, and loaded as the model's inputs with its
 * saved preprocessing.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { loadImageData, type ImageSource } from './image-data.ts';
import type { ModelBundle } from '../preprocess/model-bundle.ts';
import { loadTableData, type TableSource } from './table-data.ts';

/** Where the rows come from: MNIST or another IDX folder, an image folder, or a table file. */
export type ExplainDataSource = ImageSource | TableSource;

/**
 * Rows ready for a model. `raw` holds the rows as read (pixels in [0, 1]; a table's encoded
 * columns), `x` the model's inputs (`toModel(raw)`: the saved array steps applied), both
 * `rows × size`. `labels` are class ids (−1 for a class the model does not know), absent
 * when the data has none.
 */
export interface ExplainData {
  kind: 'image' | 'table';
  name: string;
  rows: number;
  shape: number[];
  raw: Float32Array;
  x: Float32Array;
  toModel: (raw: Float32Array, rows: number) => Float32Array;
  labels?: Int32Array;
  featureNames: string[];
  classes?: string[];
  /** What loading did that a reader should know (rows left out, preprocessing applied). */
  notes: string[];
}

const TABLE_EXTENSIONS = ['.csv', '.tsv', '.json', '.jsonl', '.ndjson'];
const IDX_FILE = /-idx[13]-ubyte(\.gz)?$/;

/**
 * The data source a `--data` argument names: `mnist`; a folder holding IDX files; a
 * folder of class subfolders (images); or a table file by extension. `label` and
 * `features` go to a table. Throws `EXPLAIN_DATA_MISSING` for a path that does not
 * exist and `EXPLAIN_DATA_KIND` for one that is none of these.
 */
export async function dataSourceOf(
  arg: string,
  table: { label?: string; features?: string[] } = {},
): Promise<ExplainDataSource> {
  if (arg === 'mnist') return { name: 'mnist' };
  const info = await stat(arg).catch(() => undefined);
  if (!info) {
    throw new FrontierError('EXPLAIN_DATA_MISSING', `no file or folder at ${arg}`, {
      where: '--data',
      hint: "pass 'mnist', an IDX folder, an image folder (one subfolder per class) or a CSV/TSV/JSON/JSONL table",
    });
  }
  if (info.isDirectory()) {
    const entries = await readdir(arg, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && IDX_FILE.test(e.name))) return { name: 'mnist', dir: arg };
    if (entries.some((e) => e.isDirectory())) return { name: 'images', path: arg };
    throw new FrontierError(
      'EXPLAIN_DATA_KIND',
      `the folder ${arg} holds neither IDX files nor class subfolders`,
      {
        where: '--data',
        hint: 'pass a folder of the four IDX files, or a folder with one subfolder of images per class',
      },
    );
  }
  if (TABLE_EXTENSIONS.includes(extname(arg).toLowerCase())) {
    return { name: 'table', path: arg, label: table.label, features: table.features };
  }
  throw new FrontierError('EXPLAIN_DATA_KIND', `cannot tell what kind of data ${arg} is`, {
    where: '--data',
    hint: `tables end in ${TABLE_EXTENSIONS.join(', ')}; IDX files and images go in a folder`,
  });
}

/** Options of {@link loadExplainData}: rows loaded (the pool), seed, saved preprocessing on or off. */
export interface LoadExplainDataOptions {
  limit: number;
  seed: number;
  preprocess: boolean;
}

/**
 * Loads `src` as `bundle`'s model inputs. Throws `EXPLAIN_DATA_KIND` when the data kind
 * does not fit the model (a table for an image model or images for a table model), and
 * the loaders' errors (see `loadTableData`, `loadImageData`).
 */
export async function loadExplainData(
  src: ExplainDataSource,
  bundle: ModelBundle,
  opts: LoadExplainDataOptions,
): Promise<ExplainData> {
  const kinds = { mnist: 'image', images: 'image', table: 'table' } as const;
  const kind = kinds[src.name as keyof typeof kinds];
  if (!kind) {
    throw new FrontierError('EXPLAIN_DATA_KIND', `unknown data source ${JSON.stringify(src.name)}`, {
      where: 'data',
      hint: "use { name: 'mnist' | 'images' | 'table' }",
    });
  }
  if (kind !== bundle.kind) {
    const shape = `[${bundle.inputShape.join(', ')}]`;
    throw new FrontierError(
      'EXPLAIN_DATA_KIND',
      bundle.kind === 'image'
        ? `the model takes images ${shape}, but the data is a table`
        : `the model takes table rows of ${bundle.inputShape[0]} features, but the data is images`,
      {
        where: '--data',
        hint:
          bundle.kind === 'image'
            ? "pass 'mnist', an IDX folder or an image folder"
            : 'pass the table (CSV, TSV, JSON, JSONL) the model was trained on',
      },
    );
  }
  const data =
    src.name === 'table' ? await loadTableData(src, bundle, opts) : await loadImageData(src, bundle, opts);
  if (data.rows === 0) {
    throw new FrontierError('EXPLAIN_NO_ROWS', `the data ${data.name} has no rows`, {
      where: '--data',
      hint: 'explain on a data set with at least one row',
    });
  }
  return data;
}
