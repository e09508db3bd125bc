/**
 * A table's rows as a table model's inputs, with the model's SAVED preprocessing: the
 * cleaning steps fitted at training time, the saved feature order (one-hot columns
 * `col=value` included), then the saved scaler. Nothing is refitted on the rows given,
 * so a model sees the same transform at explanation time as at training time.
 */
import { loadTable, type Cell, type Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import type { ExplainModelBundle } from './model-bundle.ts';
import { stratifiedSample } from './select-rows.ts';
import type { ExplainData } from './run-data.ts';

/** A table file and, optionally, its label column and feature columns (used when the model folder names none). */
export interface TableSource {
  name: 'table';
  path: string;
  label?: string;
  features?: string[];
}

/** Options of {@link loadTableData}: rows kept (a stratified sample when the table is longer), seed, and whether to apply the saved steps. */
export interface TableDataOptions {
  limit: number;
  seed: number;
  /** Apply the model's preprocess.json (default true); false feeds encoded columns as they are. */
  preprocess: boolean;
}

/**
 * Loads `src` for the table model `bundle`. Throws `EXPLAIN_NO_PREPROCESSING` when the
 * model folder has no preprocess.json (unless `preprocess` is false), `TABLE_NO_LABEL`
 * for a named label column the file lacks, `EXPLAIN_MISSING_COLUMN` for a model feature
 * the file lacks, `EXPLAIN_TEXT_IN_NUMERIC`, `EXPLAIN_NO_ROWS` when no complete row is
 * left, and `EXPLAIN_SHAPE_MISMATCH` when the features do not match the model's input.
 */
export async function loadTableData(
  src: TableSource,
  bundle: ExplainModelBundle,
  opts: TableDataOptions,
): Promise<ExplainData> {
  const notes: string[] = [];
  if (opts.preprocess && !bundle.steps) {
    throw new FrontierError(
      'EXPLAIN_NO_PREPROCESSING',
      'the model folder has no saved preprocessing (preprocess.json), so its inputs cannot be rebuilt from raw rows',
      {
        where: bundle.dir,
        hint: 'retrain it with frontier train, which saves preprocess.json beside model.json; or pass --no-preprocess if the model takes the raw column values',
      },
    );
  }
  let table = await loadTable(src.path);
  if (opts.preprocess && bundle.steps) for (const step of bundle.steps.table) table = step.transform(table);
  if (!opts.preprocess)
    notes.push('no preprocessing applied (--no-preprocess): the model sees the raw column values');
  let label = src.label ?? bundle.label;
  if (label !== undefined && !table.columns.includes(label)) {
    if (src.label !== undefined) {
      throw new FrontierError(
        'TABLE_NO_LABEL',
        `the label column ${JSON.stringify(label)} is not in the table`,
        {
          where: src.path,
          hint: `use --label with one of: ${table.columns.join(', ')}, or leave it out to explain without labels`,
        },
      );
    }
    notes.push(`the table has no label column ${JSON.stringify(label)}; rows are sampled by predicted class`);
    label = undefined;
  }
  let names = bundle.featureNames;
  if (!names) {
    const features = src.features ?? table.columns.filter((c) => c !== label);
    names = inferFeatureNames(table, features);
    notes.push(
      `the model folder does not record its feature names; used ${features.length} column(s) of the file in file order (one-hot categories from these rows)`,
    );
  }
  const want = bundle.inputShape[0];
  if (names.length !== want) {
    throw new FrontierError(
      'EXPLAIN_SHAPE_MISMATCH',
      `the model takes ${want} features per row; the data gives ${names.length} (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})`,
      {
        where: src.path,
        hint: 'explain the model on the columns it was trained on (--features a,b,c, --label to exclude the label)',
      },
    );
  }
  const used = usedColumns(names, table);
  const complete = table.rows.filter((row) => used.every((c) => row[c] !== null && row[c] !== undefined));
  if (complete.length < table.rows.length)
    notes.push(`${table.rows.length - complete.length} row(s) with missing values were left out`);
  if (complete.length === 0) {
    throw new FrontierError('EXPLAIN_NO_ROWS', 'no row of the table has every feature the model needs', {
      where: src.path,
      hint: 'fill the missing values, or explain on a file with complete rows',
    });
  }
  const classes = bundle.classes;
  let labels: Int32Array | undefined;
  if (label !== undefined) {
    const ids = new Map((classes ?? distinct(complete, label)).map((c, i) => [c, i]));
    labels = Int32Array.from(complete, (row) => ids.get(String(row[label])) ?? -1);
    const unknown = labels.filter((l) => l < 0).length;
    if (unknown) notes.push(`${unknown} row(s) have a label the model's classes do not include`);
  }
  const pick =
    complete.length > opts.limit
      ? stratifiedSample(labels ?? new Int32Array(complete.length), opts.limit, opts.seed)
      : Int32Array.from(complete.keys());
  const rows = [...pick].map((i) => complete[i]);
  const raw = encodeRows({ ...table, rows }, names);
  const d = names.length;
  const toModel = (x: Float32Array, n: number): Float32Array => {
    let cur = { data: x, shape: [n, d] };
    if (opts.preprocess && bundle.steps)
      for (const step of bundle.steps.array) cur = step.transform(cur) as typeof cur;
    return Float32Array.from(cur.data);
  };
  if (opts.preprocess && bundle.steps?.array.length)
    notes.push(
      `applied the model's saved preprocessing (${[...bundle.steps.table, ...bundle.steps.array].map((s) => s.className).join(', ')}); attributions are in the model's input space`,
    );
  return {
    kind: 'table',
    name: src.path,
    rows: rows.length,
    shape: [d],
    raw,
    x: toModel(raw, rows.length),
    toModel,
    labels: labels && Int32Array.from(pick, (i) => labels[i]),
    featureNames: names,
    classes,
    notes,
  };
}

/** Column values in the order of `names`: a column as a number, or `col=value` as a 0/1 indicator. */
export function encodeRows(table: Table, names: string[]): Float32Array {
  const d = names.length;
  const encoders = names.map((name, j): ((row: Record<string, Cell>, r: number) => number) => {
    if (table.columns.includes(name)) {
      return (row, r) => {
        const v = row[name];
        if (typeof v === 'number') return v;
        if (typeof v === 'boolean') return v ? 1 : 0;
        throw new FrontierError(
          'EXPLAIN_TEXT_IN_NUMERIC',
          `the model's feature ${JSON.stringify(name)} is numeric, but the cell holds ${JSON.stringify(v)}`,
          { where: `${table.source} row ${r + 1}, column ${JSON.stringify(name)}`, hint: 'fix the cell' },
        );
      };
    }
    const eq = name.indexOf('=');
    const column = eq > 0 ? name.slice(0, eq) : undefined;
    if (column !== undefined && table.columns.includes(column)) {
      const value = name.slice(eq + 1);
      return (row) => (String(row[column]) === value ? 1 : 0);
    }
    throw new FrontierError(
      'EXPLAIN_MISSING_COLUMN',
      `the model's feature ${JSON.stringify(names[j])} is not a column of the data`,
      { where: table.source, hint: `the data has columns: ${table.columns.join(', ')}` },
    );
  });
  const out = new Float32Array(table.rows.length * d);
  table.rows.forEach((row, r) => encoders.forEach((enc, j) => (out[r * d + j] = enc(row, r))));
  return out;
}

/** The columns `names` read (a one-hot `col=value` reads `col`). */
function usedColumns(names: string[], table: Table): string[] {
  return [
    ...new Set(
      names.map((n) => {
        if (table.columns.includes(n)) return n;
        const eq = n.indexOf('=');
        return eq > 0 ? n.slice(0, eq) : n;
      }),
    ),
  ].filter((c) => table.columns.includes(c));
}

/** Feature names as training derives them: a numeric column as is, a text column one-hot (`col=value`, sorted). */
function inferFeatureNames(table: Table, features: string[]): string[] {
  return features.flatMap((f) => {
    if (!table.columns.includes(f)) {
      throw new FrontierError(
        'EXPLAIN_MISSING_COLUMN',
        `feature ${JSON.stringify(f)} is not a column of the data`,
        {
          where: table.source,
          hint: `the data has columns: ${table.columns.join(', ')}`,
        },
      );
    }
    const texts = table.rows.map((r) => r[f]).filter((v): v is string => typeof v === 'string');
    if (texts.length === 0) return [f];
    return distinctStrings(texts).map((v) => `${f}=${v}`);
  });
}

function distinct(rows: Array<Record<string, Cell>>, column: string): string[] {
  return distinctStrings(rows.map((r) => String(r[column])));
}

function distinctStrings(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
