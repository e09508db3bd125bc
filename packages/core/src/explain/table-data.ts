/**
 * A table's rows as a table model's inputs, with the model's SAVED preprocessing through
 * the pieces of preprocess/table-inputs.ts (the cleaning steps fitted at training time,
 * the saved feature order, then the saved scaler), plus what explaining adds: a label
 * column, a stratified sample, and feature names inferred when the folder records none.
 */
import { loadTable, type Cell, type Table } from '../data/index.ts';
import { completeRows, encodeRows } from '../preprocess/encode-rows.ts';
import type { ModelBundle } from '../preprocess/model-bundle.ts';
import { applyArraySteps, applyTableSteps, savedSteps } from '../preprocess/table-inputs.ts';
import { FrontierError } from '../util/errors.ts';
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
 * Loads `src` for the table model `bundle`. Throws `MODEL_NO_PREPROCESSING` when the
 * model folder has no preprocess.json (unless `preprocess` is false), `TABLE_NO_LABEL`
 * for a named label column the file lacks, `TABLE_MISSING_COLUMN` for a model feature
 * the file lacks, `TABLE_TEXT_IN_NUMERIC`, `EXPLAIN_NO_ROWS` when no complete row is
 * left, and `EXPLAIN_SHAPE_MISMATCH` when the features do not match the model's input.
 */
export async function loadTableData(
  src: TableSource,
  bundle: ModelBundle,
  opts: TableDataOptions,
): Promise<ExplainData> {
  const notes: string[] = [];
  const steps = opts.preprocess
    ? savedSteps(bundle, 'or pass --no-preprocess if the model takes the raw column values')
    : { table: [], array: [] };
  const table = applyTableSteps(steps.table, await loadTable(src.path)).table;
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
  const complete = completeRows(table, names).map((i) => table.rows[i]);
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
  const toModel = (x: Float32Array, n: number): Float32Array => applyArraySteps(steps.array, x, [n, d]);
  if (steps.array.length)
    notes.push(
      `applied the model's saved preprocessing (${[...steps.table, ...steps.array].map((s) => s.className).join(', ')}); attributions are in the model's input space`,
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

/** Feature names as training derives them: a numeric column as is, a text column one-hot (`col=value`, sorted). */
function inferFeatureNames(table: Table, features: string[]): string[] {
  return features.flatMap((f) => {
    if (!table.columns.includes(f)) {
      throw new FrontierError(
        'TABLE_MISSING_COLUMN',
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
