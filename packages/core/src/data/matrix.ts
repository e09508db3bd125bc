// A table → a dense feature matrix and a label vector, the form models train on.
import { FrontierError } from '../util/errors.ts';
import { requireColumn } from './columns.ts';
import type { Cell, Table } from './table.ts';

/**
 * Options of {@link tableToMatrix}.
 * `dropMissing` (default true): drop rows with a null in any feature or the label and
 * count them; false makes a missing value an error (imputation comes later).
 * `classes` (classification only): fixes the class order; default sorted class names.
 */
export interface MatrixOptions {
  features: string[];
  label: string;
  task: 'classification' | 'regression';
  dropMissing?: boolean;
  classes?: string[];
}

/** Features `x` (row-major [n, d]) and labels `y` (class ids or targets). */
export interface Matrix {
  x: Float32Array;
  shape: [number, number];
  /** Int32Array of class ids for classification, Float32Array of targets for regression. */
  y: Int32Array | Float32Array;
  /** For classification: `classes[id]` is the name of class `id`. */
  classes?: string[];
  /** Name of each of the d columns of `x`; one-hot columns are `Column=value`. */
  featureNames: string[];
  /** Rows dropped for missing values. */
  droppedRows: number;
}

type Kind = 'numeric' | 'categorical';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Turns a table into a matrix. Numeric and boolean (0/1) feature columns become one
 * column each; string columns are one-hot encoded, one column `Name=value` per value
 * seen in the kept rows, values in code-unit order. Classification labels map to ids
 * by their index in `classes`; regression labels must be numbers. Errors
 * (FrontierError, `where` = `source row R, column "C"`, R 1-based over data rows):
 * `TABLE_UNKNOWN_COLUMN`, `TABLE_BAD_OPTION`, `TABLE_BAD_CELL` (a value that is not a
 * finite number, string, boolean or null), `TABLE_MIXED_COLUMN` (a string in an
 * otherwise numeric column, or vice versa), `TABLE_MISSING_VALUE` (with
 * dropMissing false), `TABLE_UNKNOWN_CLASS` (label not in `opts.classes`).
 */
export function tableToMatrix(table: Table, opts: MatrixOptions): Matrix {
  const { features, label, task } = opts;
  const bad = (message: string): FrontierError =>
    new FrontierError('TABLE_BAD_OPTION', message, {
      where: table.source,
      hint: 'fix the tableToMatrix options',
    });
  if (task !== 'classification' && task !== 'regression') throw bad(`unknown task ${JSON.stringify(task)}`);
  if (features.includes(label)) throw bad(`label ${JSON.stringify(label)} is also listed as a feature`);
  if (new Set(features).size !== features.length)
    throw bad(`features list a column twice: ${features.join(', ')}`);
  if (opts.classes && task !== 'classification') throw bad('classes is only for classification');
  for (const name of [...features, label]) requireColumn(table, name);
  const at = (r: number, name: string): string =>
    `${table.source} row ${r + 1}, column ${JSON.stringify(name)}`;

  const kinds = new Map<string, Kind>();
  for (const name of [...features, label]) kinds.set(name, kindOf(table, name, at));
  if (task === 'regression' && kinds.get(label) === 'categorical') {
    const r = table.rows.findIndex((row) => typeof row[label] === 'string');
    throw new FrontierError(
      'TABLE_MIXED_COLUMN',
      `regression label holds the string ${JSON.stringify(table.rows[r][label])}`,
      {
        where: at(r, label),
        hint: "use a numeric label, or task: 'classification'",
      },
    );
  }

  const used = [...features, label];
  const kept: Array<Record<string, Cell>> = [];
  table.rows.forEach((row, r) => {
    const gap = used.find((name) => row[name] === null);
    if (gap === undefined) kept.push(row);
    else if (opts.dropMissing === false) {
      throw new FrontierError('TABLE_MISSING_VALUE', 'missing value', {
        where: at(r, gap),
        hint: 'pass dropMissing: true (the default) to drop such rows, or fill them in',
      });
    }
  });

  const featureNames: string[] = [];
  const encoders: Array<(row: Record<string, Cell>, out: Float32Array, o: number) => void> = [];
  for (const name of features) {
    const col = featureNames.length;
    if (kinds.get(name) === 'numeric') {
      featureNames.push(name);
      encoders.push((row, out, o) => (out[o + col] = Number(row[name])));
    } else {
      const values = [...new Set(kept.map((row) => row[name] as string))].sort(byCodeUnit);
      const index = new Map(values.map((v, i) => [v, i]));
      featureNames.push(...values.map((v) => `${name}=${v}`));
      encoders.push((row, out, o) => (out[o + col + (index.get(row[name] as string) as number)] = 1));
    }
  }

  const n = kept.length;
  const d = featureNames.length;
  const x = new Float32Array(n * d);
  kept.forEach((row, i) => encoders.forEach((encode) => encode(row, x, i * d)));

  const droppedRows = table.rows.length - n;
  if (task === 'regression') {
    const y = Float32Array.from(kept, (row) => Number(row[label]));
    return { x, shape: [n, d], y, featureNames, droppedRows };
  }
  const classes = opts.classes ?? classNames(kept.map((row) => row[label]));
  const ids = new Map(classes.map((c, i) => [c, i]));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids.get(String(kept[i][label]));
    if (id === undefined) {
      const r = table.rows.indexOf(kept[i]);
      throw new FrontierError(
        'TABLE_UNKNOWN_CLASS',
        `label ${JSON.stringify(kept[i][label])} is not one of the classes [${classes.join(', ')}]`,
        {
          where: at(r, label),
          hint: 'add it to options.classes or drop the row',
        },
      );
    }
    y[i] = id;
  }
  return { x, shape: [n, d], y, classes: [...classes], featureNames, droppedRows };
}

/** Distinct label values as strings: numbers in numeric order, strings in code-unit order. */
function classNames(values: Cell[]): string[] {
  const distinct = [...new Set(values)];
  if (distinct.every((v) => typeof v === 'number'))
    return (distinct as number[]).sort((a, b) => a - b).map(String);
  return distinct.map(String).sort(byCodeUnit);
}

/** Numeric if every non-null cell is a finite number or boolean; categorical if every one is a string. */
function kindOf(table: Table, name: string, at: (r: number, name: string) => string): Kind {
  let numbers = 0;
  let strings = 0;
  table.rows.forEach((row, r) => {
    const v: unknown = row[name];
    if (v === null) return;
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') numbers++;
    else if (typeof v === 'string') strings++;
    else {
      throw new FrontierError(
        'TABLE_BAD_CELL',
        `value ${String(v)} (${typeof v}) is not a finite number, string, boolean or null`,
        {
          where: at(r, name),
          hint: 'clean the value, or set it to null to mark it missing',
        },
      );
    }
  });
  if (numbers > 0 && strings > 0) {
    // Blame the minority: a stray string in a numeric column is the usual case.
    const wantString = strings < numbers;
    const r = table.rows.findIndex(
      (row) => (typeof row[name] === 'string') === wantString && row[name] !== null,
    );
    const v = table.rows[r][name];
    throw new FrontierError(
      'TABLE_MIXED_COLUMN',
      wantString
        ? `column is numeric (${numbers} numbers) but holds the string ${JSON.stringify(v)}`
        : `column holds strings (${strings}) but also the number ${String(v)}`,
      { where: at(r, name), hint: 'fix the value, or mark it missing (empty, NA or null)' },
    );
  }
  return strings > 0 ? 'categorical' : 'numeric';
}
