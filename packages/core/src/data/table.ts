// Tables: rows of named scalar cells loaded from CSV, TSV, JSON or JSON Lines.
import { readFile } from 'node:fs/promises';
import { FrontierError } from '../util/errors.ts';
import { parseDelimited } from './csv.ts';

/** One cell: a number, a string, a boolean, or null for a missing value. */
export type Cell = number | string | boolean | null;

/** A table: `columns` in file order; every row has every column as a key. */
export interface Table {
  columns: string[];
  rows: Array<Record<string, Cell>>;
  /** Where the table came from (a path), used in error messages. */
  source: string;
}

/** File formats {@link loadTable} reads. */
export type TableFormat = 'csv' | 'tsv' | 'json' | 'jsonl';

/** Options of {@link loadTable} and {@link parseTable}. */
export interface LoadTableOptions {
  /** Default: from the extension (`.csv`, `.tsv`/`.tab`, `.json`, `.jsonl`/`.ndjson`), else `csv`. */
  format?: TableFormat;
  /** Field delimiter for csv/tsv. Default `,` for csv, tab for tsv. */
  delimiter?: string;
  /** Strings read as missing (null), in text and JSON alike. Default {@link DEFAULT_MISSING}. */
  missing?: readonly string[];
}

/** Strings that mean "missing" by default: empty, NA, N/A, null, NULL, NaN. */
export const DEFAULT_MISSING: readonly string[] = ['', 'NA', 'N/A', 'null', 'NULL', 'NaN'];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Types one raw text field: a missing token → null; a whole-field decimal number
 * (surrounding spaces allowed) → number; `true`/`false` (any case) → boolean; else
 * the string unchanged.
 */
export function parseCell(raw: string, missing: readonly string[] = DEFAULT_MISSING): Cell {
  if (missing.includes(raw)) return null;
  const t = raw.trim();
  if (NUMBER.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return raw;
}

/** Infers a format from a file name; `csv` when the extension is unknown. */
export function formatOf(path: string): TableFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  return 'csv';
}

/**
 * Reads a table file. CSV/TSV: a header row, then records (see `parseDelimited`),
 * each field typed by {@link parseCell}. JSON: an array of flat objects. JSON Lines:
 * one flat object per non-blank line. For JSON, columns are the union of keys in
 * first-seen order and absent keys are null. Throws FrontierError `TABLE_READ`, the
 * `CSV_*` codes, `JSON_PARSE` (with line and column), `JSON_NOT_RECORDS` (not an
 * array of objects; says which element) or `JSON_NOT_SCALAR` (nested value; row and key).
 */
export async function loadTable(path: string, opts: LoadTableOptions = {}): Promise<Table> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FrontierError('TABLE_READ', `cannot read table: ${(cause as Error).message}`, {
      where: path,
      hint: 'check the path and its permissions',
      cause,
    });
  }
  return parseTable(text, path, opts);
}

/** Parses table text already in memory; `source` names it in errors. Same contract as {@link loadTable}. */
export function parseTable(text: string, source: string, opts: LoadTableOptions = {}): Table {
  const format = opts.format ?? formatOf(source);
  const missing = opts.missing ?? DEFAULT_MISSING;
  if (format === 'csv' || format === 'tsv') {
    const delimiter = opts.delimiter ?? (format === 'tsv' ? '\t' : ',');
    const { header, records } = parseDelimited(text, { delimiter, source });
    const rows = records.map((fields) => {
      const row: Record<string, Cell> = {};
      header.forEach((name, c) => (row[name] = parseCell(fields[c], missing)));
      return row;
    });
    return { columns: header, rows, source };
  }
  if (format === 'json') {
    const data = parseJson(text, source, undefined);
    if (!Array.isArray(data)) {
      throw new FrontierError('JSON_NOT_RECORDS', `expected a JSON array of objects, found ${kind(data)}`, {
        where: source,
        hint: 'write the table as [{"col": value, ...}, ...]',
      });
    }
    return fromRecords(data, source, missing, (i) => `${source} [element ${i}]`);
  }
  if (format === 'jsonl') {
    const records: unknown[] = [];
    const lineOf: number[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      records.push(parseJson(line, source, i + 1));
      lineOf.push(i + 1);
    });
    return fromRecords(records, source, missing, (i) => `${source}:${lineOf[i]}`);
  }
  throw new FrontierError('TABLE_BAD_FORMAT', `unknown table format ${JSON.stringify(format)}`, {
    where: source,
    hint: "use one of 'csv', 'tsv', 'json', 'jsonl'",
  });
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** `firstLine`: the line `text` starts on when it is one line of a larger file. */
function parseJson(text: string, source: string, firstLine: number | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    // V8 reports "... at position N" (sometimes "(line L column C)"); turn N into line:column.
    const pos = /position (\d+)/.exec(message);
    let where = firstLine === undefined ? source : `${source}:${firstLine}`;
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length + (firstLine ?? 1) - 1;
      const col = Number(pos[1]) - before.lastIndexOf('\n');
      where = `${source}:${line}:${col}`;
    }
    throw new FrontierError('JSON_PARSE', `invalid JSON: ${message}`, {
      where,
      hint: 'fix the JSON syntax',
      cause,
    });
  }
}

function fromRecords(
  records: unknown[],
  source: string,
  missing: readonly string[],
  at: (i: number) => string,
): Table {
  const columns: string[] = [];
  const known = new Set<string>();
  const raw: Array<Record<string, unknown>> = [];
  records.forEach((rec, i) => {
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      throw new FrontierError('JSON_NOT_RECORDS', `expected an object (one row), found ${kind(rec)}`, {
        where: at(i),
        hint: 'each row must be a flat object {"col": value, ...}',
      });
    }
    for (const key of Object.keys(rec)) {
      if (!known.has(key)) {
        known.add(key);
        columns.push(key);
      }
    }
    raw.push(rec as Record<string, unknown>);
  });
  const rows = raw.map((rec, i) => {
    const row: Record<string, Cell> = {};
    for (const name of columns) {
      const v = rec[name];
      if (v === undefined || v === null) row[name] = null;
      else if (typeof v === 'string') row[name] = missing.includes(v) ? null : v;
      else if (typeof v === 'number' || typeof v === 'boolean') row[name] = v;
      else {
        throw new FrontierError(
          'JSON_NOT_SCALAR',
          `column ${JSON.stringify(name)} holds ${kind(v)}; cells must be scalars`,
          {
            where: at(i),
            hint: 'flatten nested values into their own columns',
          },
        );
      }
    }
    return row;
  });
  return { columns, rows, source };
}
