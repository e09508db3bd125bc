// Table → table steps, each of which reports what it did per column.
import { requireColumn, type Cell, type Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import { Step } from './step.ts';

/** What one step did to one column. Counts are of rows or cells, never negative. */
export interface ColumnCounts {
  /** Rows removed because of this column (a missing value, an outlier, …). */
  rowsDropped: number;
  /** Missing cells filled in. */
  filled: number;
  /** Values clipped to the outlier bounds. */
  clipped: number;
  /** Rows flagged as outliers. */
  flagged: number;
  /** Cells whose type was changed (e.g. "3.5" → 3.5). */
  coerced: number;
}

/** What one table step did: rows in and out, per-column counts, and rows dropped for no single column. */
export interface StepReport {
  step: string;
  rowsIn: number;
  rowsOut: number;
  columns: Record<string, ColumnCounts>;
  /** Rows removed for a reason that is not one column (duplicates). */
  otherRowsDropped: number;
}

/** A fresh all-zero {@link ColumnCounts}. */
export function zeroCounts(): ColumnCounts {
  return { rowsDropped: 0, filled: 0, clipped: 0, flagged: 0, coerced: 0 };
}

/** Collects per-column counts while a step runs. */
export class Counter {
  readonly columns: Record<string, ColumnCounts> = {};
  otherRowsDropped = 0;
  add(column: string, key: keyof ColumnCounts, by = 1): void {
    (this.columns[column] ??= zeroCounts())[key] += by;
  }
  report(step: string, rowsIn: number, rowsOut: number): StepReport {
    return { step, rowsIn, rowsOut, columns: this.columns, otherRowsDropped: this.otherRowsDropped };
  }
}

/**
 * A step from Table to Table. Subclasses implement `run`, which returns the new
 * table and a {@link StepReport}; `transform` returns only the table, and
 * `transformWithReport` both. Input tables are never modified.
 */
export abstract class TableStep extends Step<Table, Table> {
  /** Transforms and says what changed, per column. Throws before fit. */
  transformWithReport(table: Table): { table: Table; report: StepReport } {
    this.requireFitted('transform');
    return this.run(table);
  }
  protected apply(table: Table): Table {
    return this.run(table).table;
  }
  protected abstract run(table: Table): { table: Table; report: StepReport };
}

/** `source row R, column "C"` (R 1-based), the same form `tableToMatrix` uses. */
export function cellWhere(table: Table, row: number, column: string): string {
  return `${table.source} row ${row + 1}, column ${JSON.stringify(column)}`;
}

/** Throws `TABLE_UNKNOWN_COLUMN` for the first listed column the table lacks. */
export function requireColumns(table: Table, columns: readonly string[]): void {
  for (const c of columns) requireColumn(table, c);
}

/**
 * The non-missing values of a numeric column, with their row numbers. Numbers and
 * booleans (as 0/1) count; a string is an error `PREPROCESS_TEXT_IN_NUMERIC` naming
 * row and column (coerce the column first, or fix the cell).
 */
export function numericValues(
  table: Table,
  column: string,
  who: string,
): { values: number[]; rows: number[] } {
  requireColumn(table, column);
  const values: number[] = [];
  const rows: number[] = [];
  table.rows.forEach((row, r) => {
    const v = row[column];
    if (v === null) return;
    const x = toNumber(v);
    if (x === undefined) {
      throw new FrontierError(
        'PREPROCESS_TEXT_IN_NUMERIC',
        `${who} needs numbers but found ${JSON.stringify(v)}`,
        {
          where: cellWhere(table, r, column),
          hint: 'fix the cell, mark it missing, or run Coerce with {"' + column + '": "number"} first',
        },
      );
    }
    values.push(x);
    rows.push(r);
  });
  return { values, rows };
}

/** A finite number for numbers and booleans; undefined otherwise. */
export function toNumber(v: Cell): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/** A shallow copy of a table's rows (cells are immutable scalars, so this is a full copy). */
export function copyRows(table: Table): Array<Record<string, Cell>> {
  return table.rows.map((r) => ({ ...r }));
}

/** Distinct non-null values of a column as strings, in first-seen order. */
export function distinctStrings(table: Table, column: string): string[] {
  const seen = new Set<string>();
  for (const row of table.rows) {
    const v = row[column];
    if (v !== null) seen.add(String(v));
  }
  return [...seen];
}
