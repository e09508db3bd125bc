// Cleaning strategies compared on penguins (classification) and cars (regression):
// the same stratified split, cleaning fitted on training rows only, the same small
// downstream model, scored on every test row that has a label.
import { cars, penguins, type Cell, type Table, type TabularDataset } from '../data/index.ts';
import { escapeHtml, type ReportSection } from '../report/index.ts';
import { cleanTable } from './clean-report.ts';
import { DropNa } from './drop.ts';
import { OneHotEncoder } from './encode.ts';
import { FillNa, type FillStrategy } from './fillna.ts';
import { linearProbe } from './features.ts';
import { Outliers } from './outliers.ts';
import { StandardScaler } from './scalers.ts';
import { stratifiedSplit } from './split.ts';
import type { TableStep } from './table-step.ts';

/** One strategy's result on one data set. */
export interface CleaningResult {
  strategy: string;
  trainRows: number;
  /** Test rows the cleaned pipeline could score, out of those with a label. */
  testRowsScored: number;
  testRows: number;
  /** 'accuracy' (classification, higher is better) or 'rmse' (regression, lower is better). */
  metric: 'accuracy' | 'rmse';
  value: number;
}

/** Results of all strategies on one data set. */
export interface CleaningComparison {
  dataset: string;
  results: CleaningResult[];
}

type Strategy = {
  name: string;
  steps: (ds: TabularDataset, numeric: string[], categorical: string[]) => TableStep[];
};

const fill = (numeric: string[], categorical: string[], indicator: boolean): FillNa => {
  const strategies: Record<string, FillStrategy> = {};
  for (const c of numeric) strategies[c] = 'median';
  for (const c of categorical) strategies[c] = 'most_frequent';
  return new FillNa({ strategies, indicator });
};

/** The compared strategies: drop rows, impute, impute + indicators, impute + IQR clipping. */
export const CLEANING_STRATEGIES: Strategy[] = [
  { name: 'drop rows with missing values', steps: (ds) => [new DropNa({ subset: ds.features })] },
  { name: 'impute median / most frequent', steps: (_, n, c) => [fill(n, c, false)] },
  { name: 'impute + missing indicators', steps: (_, n, c) => [fill(n, c, true)] },
  {
    name: 'impute + clip IQR outliers',
    steps: (_, n, c) => [fill(n, c, false), new Outliers({ columns: n, action: 'clip' })],
  },
];

function kinds(table: Table, features: string[]): { numeric: string[]; categorical: string[] } {
  const categorical = features.filter((f) => table.rows.some((r) => typeof r[f] === 'string'));
  return { numeric: features.filter((f) => !categorical.includes(f)), categorical };
}

function toMatrix(table: Table, columns: string[]): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(table.rows.length * columns.length);
  table.rows.forEach((r, i) => columns.forEach((c, j) => (data[i * columns.length + j] = Number(r[c]))));
  return { data, shape: [table.rows.length, columns.length] };
}

/** Ridge regression (λ = 1e-3) by the normal equations; returns test RMSE. */
function ridgeRmse(
  x: { data: Float32Array; shape: number[] },
  y: number[],
  xt: { data: Float32Array; shape: number[] },
  yt: number[],
): number {
  const d = x.shape[1] + 1;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const row = (m: { data: Float32Array; shape: number[] }, i: number) => [
    ...m.data.subarray(i * (d - 1), (i + 1) * (d - 1)),
    1,
  ];
  y.forEach((yi, i) => {
    const r = row(x, i);
    for (let p = 0; p < d; p++) {
      b[p] += r[p] * yi;
      for (let q = 0; q < d; q++) a[p * d + q] += r[p] * r[q];
    }
  });
  for (let p = 0; p < d; p++) a[p * d + p] += 1e-3;
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]) > Math.abs(a[piv * d + c])) piv = r;
    for (let k = 0; k < d; k++) [a[c * d + k], a[piv * d + k]] = [a[piv * d + k], a[c * d + k]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = c + 1; r < d; r++) {
      const f = a[r * d + c] / a[c * d + c];
      for (let k = c; k < d; k++) a[r * d + k] -= f * a[c * d + k];
      b[r] -= f * b[c];
    }
  }
  const w = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < d; k++) s -= a[r * d + k] * w[k];
    w[r] = s / a[r * d + r];
  }
  let se = 0;
  yt.forEach((yi, i) => {
    const r = row(xt, i);
    const p = r.reduce((acc, v, k) => acc + v * w[k], 0);
    se += (p - yi) ** 2;
  });
  return Math.sqrt(se / yt.length);
}

/** Runs every strategy on one tabular data set (split 80/20, stratified on the label for classification). */
export function compareCleaning(ds: TabularDataset, seed = 42): CleaningComparison {
  const labelled = { ...ds.table, rows: ds.table.rows.filter((r) => r[ds.label] !== null) };
  const labels = labelled.rows.map((r) => (ds.task === 'classification' ? r[ds.label] : 0));
  const split = stratifiedSplit(labels, { test: 0.2, seed });
  const part = (idx: Int32Array): Table => ({ ...labelled, rows: [...idx].map((i) => labelled.rows[i]) });
  const train = part(split.train);
  const test = part(split.test);
  const { numeric, categorical } = kinds(labelled, ds.features);
  const results = CLEANING_STRATEGIES.map((s) => {
    const steps = s.steps(ds, numeric, categorical);
    const cleanedTrain = cleanTable(train, steps, { fit: true }).table;
    // Test rows the pipeline cannot score (dropped, or still missing) count as not scored.
    const cleanedTest = cleanTable(test, steps).table;
    const encoder = new OneHotEncoder({ columns: categorical, handleUnknown: 'ignore' });
    const encTrain = categorical.length ? encoder.fitTransform(cleanedTrain) : cleanedTrain;
    const encTest = categorical.length ? encoder.transform(cleanedTest) : cleanedTest;
    const featureCols = encTrain.columns.filter(
      (c) =>
        numeric.includes(c) ||
        ds.features.some((f) => c === `${f}_missing` || (categorical.includes(f) && c.startsWith(`${f}=`))),
    );
    const complete = (t: Table) => ({
      ...t,
      rows: t.rows.filter((r) => featureCols.every((c) => r[c] !== null && r[c] !== undefined)),
    });
    const tr = complete(encTrain);
    const te = complete(encTest);
    const scaler = new StandardScaler();
    const x = scaler.fitTransform(toMatrix(tr, featureCols));
    const xt = scaler.transform(toMatrix(te, featureCols));
    let value: number;
    if (ds.task === 'classification') {
      const classes = [...new Set(labelled.rows.map((r) => String(r[ds.label])))].sort();
      const ids = (t: Table) => Int32Array.from(t.rows, (r) => classes.indexOf(String(r[ds.label])));
      value = linearProbe(x, ids(tr), xt, ids(te), classes.length, { seed, epochs: 150 });
      // Unscored rows count as wrong, so dropping cannot buy accuracy.
      value = (value * te.rows.length) / test.rows.length;
    } else {
      const ys = (t: Table) => t.rows.map((r) => Number(r[ds.label] as Cell));
      value = ridgeRmse(x, ys(tr), xt, ys(te));
    }
    return {
      strategy: s.name,
      trainRows: tr.rows.length,
      testRowsScored: te.rows.length,
      testRows: test.rows.length,
      metric: ds.task === 'classification' ? ('accuracy' as const) : ('rmse' as const),
      value,
    };
  });
  return { dataset: ds.name, results };
}

/** {@link compareCleaning} on penguins and cars. */
export async function compareCleaningOnBuiltins(seed = 42): Promise<CleaningComparison[]> {
  return [compareCleaning(await penguins(), seed), compareCleaning(await cars(), seed)];
}

/** The comparisons as one evaluation-report section (an HTML table per data set). */
export function cleaningComparisonSection(comparisons: CleaningComparison[]): ReportSection {
  const html = comparisons
    .map((c) => {
      const metric = c.results[0]?.metric ?? 'accuracy';
      const head = `<tr><th>strategy</th><th>train rows</th><th>test rows scored</th><th>${metric === 'accuracy' ? 'accuracy (unscored = wrong)' : 'RMSE (scored rows)'}</th></tr>`;
      const rows = c.results
        .map(
          (r) =>
            `<tr><td>${escapeHtml(r.strategy)}</td><td>${r.trainRows}</td><td>${r.testRowsScored} / ${r.testRows}</td><td>${metric === 'accuracy' ? (r.value * 100).toFixed(1) + '%' : r.value.toFixed(3)}</td></tr>`,
        )
        .join('');
      return `<h3>${escapeHtml(c.dataset)}</h3><table>${head}${rows}</table>`;
    })
    .join('');
  return { title: 'Cleaning strategies', html };
}
