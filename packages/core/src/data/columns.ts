// Column access on tables, with errors that list what exists and suggest a fix.
import { FrontierError } from '../util/errors.ts';
import type { Cell, Table } from './table.ts';

/** Edit distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name`, compared case-insensitively by edit distance (ties:
 * the earlier candidate), or undefined when even the closest differs in more than
 * half of `name`'s characters (then it is no useful suggestion).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.ceil(name.length / 2)) ? best : undefined;
}

/**
 * Throws FrontierError `TABLE_UNKNOWN_COLUMN` unless `name` is a column of `table`;
 * the message lists the available columns and the hint suggests the closest one.
 */
export function requireColumn(table: Table, name: string): void {
  if (table.columns.includes(name)) return;
  const guess = closestName(name, table.columns);
  throw new FrontierError(
    'TABLE_UNKNOWN_COLUMN',
    `no column ${JSON.stringify(name)}; available: ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`,
    {
      where: table.source,
      hint:
        guess === undefined
          ? 'use one of the available column names'
          : `did you mean ${JSON.stringify(guess)}?`,
    },
  );
}

/** The values of one column, in row order. Throws `TABLE_UNKNOWN_COLUMN` (see {@link requireColumn}). */
export function column(table: Table, name: string): Cell[] {
  requireColumn(table, name);
  return table.rows.map((row) => row[name]);
}

/**
 * A new table with only `names`, in that order (rows are copied, the input is not
 * changed). Throws `TABLE_UNKNOWN_COLUMN` for the first name that is not a column.
 */
export function selectColumns(table: Table, names: readonly string[]): Table {
  for (const name of names) requireColumn(table, name);
  const rows = table.rows.map((row) => {
    const out: Record<string, Cell> = {};
    for (const name of names) out[name] = row[name];
    return out;
  });
  return { columns: [...names], rows, source: table.source };
}
