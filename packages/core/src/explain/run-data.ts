/** Loading what `frontier explain` explains: MNIST images or a table's numeric features. */
import { loadMnist, loadTable, tableToMatrix } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';

/** Where the rows come from: MNIST (optionally another IDX folder) or a table file with a label column. */
export type ExplainDataSource =
  | { name: 'mnist'; dir?: string }
  | {
      name: 'table';
      path: string;
      label: string;
      features?: string[];
      task?: 'classification' | 'regression';
    };

/** Rows ready for a model: `x` is rows × size, `shape` one row's shape, labels class ids or targets. */
export interface ExplainData {
  kind: 'image' | 'table';
  name: string;
  x: Float32Array;
  rows: number;
  shape: number[];
  labels: ArrayLike<number>;
  featureNames: string[];
  classes?: string[];
}

/**
 * Loads up to `limit` rows (MNIST: the first `limit` test images; a table: its first
 * `limit` complete rows). Table features default to every column but the label; string
 * columns are one-hot encoded as in training (`tableToMatrix`).
 */
export async function loadExplainData(src: ExplainDataSource, limit: number): Promise<ExplainData> {
  if (src.name === 'mnist') {
    const m = await loadMnist({ dir: src.dir, trainLimit: 1, testLimit: limit });
    const [n, h, w, c] = m.test.shape;
    return {
      kind: 'image',
      name: 'mnist',
      x: m.test.images,
      rows: n,
      shape: [h, w, c],
      labels: m.test.labels,
      featureNames: Array.from({ length: h * w * c }, (_, i) => `pixel ${Math.floor(i / w)},${i % w}`),
      classes: m.classes,
    };
  }
  if (src.name !== 'table') {
    throw new FrontierError(
      'EXPLAIN_BAD_DATA',
      `unknown data set ${JSON.stringify((src as { name: unknown }).name)}`,
      {
        where: 'data',
        hint: "use 'mnist' or a table file (CSV, TSV, JSON, JSON Lines) with --label",
      },
    );
  }
  const table = await loadTable(src.path);
  const features = src.features ?? table.columns.filter((c) => c !== src.label);
  const task = src.task ?? 'classification';
  const m = tableToMatrix(table, { features, label: src.label, task });
  const d = m.shape[1];
  const rows = Math.min(limit, m.shape[0]);
  return {
    kind: 'table',
    name: src.path,
    x: m.x.slice(0, rows * d),
    rows,
    shape: [d],
    labels: m.y.slice(0, rows),
    featureNames: m.featureNames,
    classes: m.classes,
  };
}
