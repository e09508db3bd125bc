/**
 * Table rows as a table model's feature vectors, in the order of the model's saved
 * feature names: a numeric column as is, a one-hot `col=value` as a 0/1 indicator. No
 * statistic is computed from the rows given, so the encoding is the one of training.
 */
import type { Cell, Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';

/**
 * Column values in the order of `names`, row-major `[rows, names.length]`. Throws
 * `TABLE_MISSING_COLUMN` for a name that is neither a column nor a `col=value` of one,
 * and `TABLE_TEXT_IN_NUMERIC` for text in a numeric feature (naming row and column).
 * A category not seen in training encodes as all zeros.
 */
export function encodeRows(table: Table, names: string[]): Float32Array {
  const d = names.length;
  const encoders = names.map((name): ((row: Record<string, Cell>, r: number) => number) => {
    if (table.columns.includes(name)) {
      return (row, r) => {
        const v = row[name];
        if (typeof v === 'number') return v;
        if (typeof v === 'boolean') return v ? 1 : 0;
        throw new FrontierError(
          'TABLE_TEXT_IN_NUMERIC',
          `the model's feature ${JSON.stringify(name)} is numeric, but the cell holds ${JSON.stringify(v)}`,
          { where: `${table.source} row ${r + 1}, column ${JSON.stringify(name)}`, hint: 'fix the cell' },
        );
      };
    }
    const column = oneHotColumn(name);
    if (column !== undefined && table.columns.includes(column)) {
      const value = name.slice(column.length + 1);
      return (row) => (String(row[column]) === value ? 1 : 0);
    }
    throw missingColumn(table, name);
  });
  const out = new Float32Array(table.rows.length * d);
  table.rows.forEach((row, r) => encoders.forEach((enc, j) => (out[r * d + j] = enc(row, r))));
  return out;
}

/** The columns of `table` that `names` read (a one-hot `col=value` reads `col`), each once. */
export function usedColumns(names: string[], table: Table): string[] {
  const used = names.map((n) => (table.columns.includes(n) ? n : (oneHotColumn(n) ?? n)));
  return [...new Set(used)].filter((c) => table.columns.includes(c));
}

/** Indices of the rows that have a value (not null or missing) in every column `names` read. */
export function completeRows(table: Table, names: string[]): number[] {
  const used = usedColumns(names, table);
  const keep: number[] = [];
  table.rows.forEach((row, i) => {
    if (used.every((c) => row[c] !== null && row[c] !== undefined)) keep.push(i);
  });
  return keep;
}

/** `TABLE_MISSING_COLUMN`: the model's feature `name` is not a column of `table`. */
export function missingColumn(table: Table, name: string): FrontierError {
  return new FrontierError(
    'TABLE_MISSING_COLUMN',
    `the model's feature ${JSON.stringify(name)} is not a column of the data`,
    { where: table.source, hint: `the data has columns: ${table.columns.join(', ')}` },
  );
}

function oneHotColumn(name: string): string | undefined {
  const eq = name.indexOf('=');
  return eq > 0 ? name.slice(0, eq) : undefined;
}
