// Type coercion: numbers from strings, categories from numbers, booleans from text.
import { DEFAULT_MISSING, type Cell, type Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import { badOption, registerStep, type JsonObject } from './step.ts';
import { cellWhere, Counter, requireColumns, TableStep, type StepReport } from './table-step.ts';

/**
 * Target type of a column: 'number' (decimal text such as " 3.5", "1e3", "-2";
 * a thousands separator or unit is an error), 'category' (any value as its string
 * form) or 'boolean' (true/false/yes/no/1/0, any case).
 */
export type CoerceType = 'number' | 'category' | 'boolean';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', 'yes', '1', 't', 'y']);
const FALSE = new Set(['false', 'no', '0', 'f', 'n']);

/**
 * Options of {@link Coerce}: `types` per column; `missing`: strings read as missing
 * (default the table loader's: '', NA, N/A, null, NULL, NaN); `onError` 'raise'
 * (default) throws `PREPROCESS_TEXT_IN_NUMERIC` / `PREPROCESS_BAD_BOOLEAN` naming
 * the row and column, 'null' turns the bad cell into a missing value (counted).
 */
export interface CoerceOptions {
  types: Record<string, CoerceType>;
  missing?: string[];
  onError?: 'raise' | 'null';
}

/** Converts cells to the declared type per column; the report counts changed cells. */
export class Coerce extends TableStep {
  readonly className = 'Coerce';
  readonly types: Record<string, CoerceType>;
  readonly missing: string[];
  readonly onError: 'raise' | 'null';

  constructor(opts: CoerceOptions) {
    super();
    this.types = { ...(opts?.types ?? {}) };
    this.missing = [...(opts.missing ?? DEFAULT_MISSING)];
    this.onError = opts.onError ?? 'raise';
    for (const [c, t] of Object.entries(this.types)) {
      if (!['number', 'category', 'boolean'].includes(t)) {
        throw badOption(
          `Coerce types.${c}`,
          `unknown type ${JSON.stringify(t)}`,
          "use 'number', 'category' or 'boolean'",
        );
      }
    }
    if (this.onError !== 'raise' && this.onError !== 'null')
      throw badOption(
        'Coerce onError',
        `unknown onError ${JSON.stringify(this.onError)}`,
        "use 'raise' or 'null'",
      );
  }

  protected fitState(table: Table): void {
    requireColumns(table, Object.keys(this.types));
  }

  protected run(table: Table): { table: Table; report: StepReport } {
    requireColumns(table, Object.keys(this.types));
    const counter = new Counter();
    const rows = table.rows.map((row, r) => {
      const out = { ...row };
      for (const [col, type] of Object.entries(this.types)) {
        const v = row[col];
        const next = this.convert(v, type, () => cellWhere(table, r, col));
        if (next !== v) {
          out[col] = next;
          counter.add(col, 'coerced');
        }
      }
      return out;
    });
    return {
      table: { columns: [...table.columns], rows, source: table.source },
      report: counter.report(this.className, table.rows.length, rows.length),
    };
  }

  private convert(v: Cell, type: CoerceType, where: () => string): Cell {
    if (v === null) return null;
    if (typeof v === 'string' && this.missing.includes(v)) return null;
    if (type === 'category') return String(v);
    if (type === 'number') {
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      const t = v.trim();
      if (NUMBER.test(t)) return Number(t);
      return this.fail(
        'PREPROCESS_TEXT_IN_NUMERIC',
        `text ${JSON.stringify(v)} in a numeric column`,
        where,
        'fix the cell, add it to missing, or pass onError: "null"',
      );
    }
    if (typeof v === 'boolean') return v;
    const t = String(v).trim().toLowerCase();
    if (TRUE.has(t)) return true;
    if (FALSE.has(t)) return false;
    return this.fail(
      'PREPROCESS_BAD_BOOLEAN',
      `${JSON.stringify(v)} is not a boolean`,
      where,
      'use true/false, yes/no or 1/0',
    );
  }

  private fail(code: string, message: string, where: () => string, hint: string): null {
    if (this.onError === 'null') return null;
    throw new FrontierError(code, message, { where: where(), hint });
  }

  getConfig(): JsonObject {
    return {
      types: this.types,
      missing: this.missing,
      onError: this.onError,
      state: this.fitted ? {} : null,
    };
  }

  static fromConfig(c: JsonObject): Coerce {
    const s = new Coerce({
      types: c.types as Record<string, CoerceType>,
      missing: c.missing as string[],
      onError: c.onError as 'raise' | 'null',
    });
    if (c.state) s.markFitted();
    return s;
  }
}

registerStep('Coerce', Coerce.fromConfig);
