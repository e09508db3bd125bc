// Categorical encoders: one-hot and ordinal, with categories fitted on training data.
import type { Cell, Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import { badOption, registerStep, type JsonObject } from './step.ts';
import {
  cellWhere,
  Counter,
  distinctStrings,
  requireColumns,
  TableStep,
  type StepReport,
} from './table-step.ts';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Fitted categories per column; given ones are kept in the given order, else sorted by code unit. */
function fitCategories(
  table: Table,
  columns: string[],
  given: Record<string, string[]> | undefined,
): Record<string, string[]> {
  requireColumns(table, columns);
  const out: Record<string, string[]> = {};
  for (const c of columns) out[c] = given?.[c] ? [...given[c]] : distinctStrings(table, c).sort(byCodeUnit);
  return out;
}

function unknownError(
  table: Table,
  r: number,
  col: string,
  v: Cell,
  known: string[],
  step: string,
): FrontierError {
  const what = v === null ? 'a missing value' : `unknown category ${JSON.stringify(v)}`;
  return new FrontierError(
    'PREPROCESS_UNKNOWN_CATEGORY',
    `${step} found ${what}; known: ${known.map((k) => JSON.stringify(k)).join(', ')}`,
    {
      where: cellWhere(table, r, col),
      hint:
        v === null
          ? 'fill missing values first (FillNa)'
          : "pass handleUnknown: 'ignore' (one-hot) or 'use_encoded_value' (ordinal)",
    },
  );
}

/**
 * Options of {@link OneHotEncoder}: `columns` to encode; `categories` fixes the
 * category list of a column; `handleUnknown` 'error' (default) throws
 * `PREPROCESS_UNKNOWN_CATEGORY` naming row and column, 'ignore' encodes an unknown
 * or missing value as all zeros.
 */
export interface OneHotOptions {
  columns: string[];
  categories?: Record<string, string[]>;
  handleUnknown?: 'error' | 'ignore';
}

/**
 * Replaces each listed column by 0/1 columns `Name=value`, one per fitted category
 * (the naming `tableToMatrix` uses). Values compare by their string form.
 */
export class OneHotEncoder extends TableStep {
  readonly className = 'OneHotEncoder';
  readonly columns: string[];
  readonly handleUnknown: 'error' | 'ignore';
  private readonly given: Record<string, string[]> | undefined;
  private cats: Record<string, string[]> | null = null;

  constructor(opts: OneHotOptions) {
    super();
    this.columns = [...(opts?.columns ?? [])];
    this.handleUnknown = opts.handleUnknown ?? 'error';
    this.given = opts.categories;
    if (this.columns.length === 0)
      throw badOption('OneHotEncoder columns', 'no columns given', 'e.g. { columns: ["Island"] }');
    if (!['error', 'ignore'].includes(this.handleUnknown))
      throw badOption(
        'OneHotEncoder handleUnknown',
        `unknown handleUnknown ${JSON.stringify(this.handleUnknown)}`,
        "use 'error' or 'ignore'",
      );
  }

  /** Fitted categories per column (copy). */
  get categories(): Record<string, string[]> {
    this.requireFitted('categories');
    return structuredClone(this.cats as Record<string, string[]>);
  }

  protected fitState(table: Table): void {
    this.cats = fitCategories(table, this.columns, this.given);
  }

  protected run(table: Table): { table: Table; report: StepReport } {
    requireColumns(table, this.columns);
    const cats = this.cats as Record<string, string[]>;
    const rows = table.rows.map((row, r) => {
      const out: Record<string, Cell> = {};
      for (const name of table.columns) {
        if (!this.columns.includes(name)) {
          out[name] = row[name];
          continue;
        }
        const v = row[name];
        const idx = v === null ? -1 : cats[name].indexOf(String(v));
        if (idx < 0 && this.handleUnknown === 'error')
          throw unknownError(table, r, name, v, cats[name], this.className);
        cats[name].forEach((c, i) => (out[`${name}=${c}`] = i === idx ? 1 : 0));
      }
      return out;
    });
    const columns = table.columns.flatMap((c) =>
      this.columns.includes(c) ? cats[c].map((v) => `${c}=${v}`) : [c],
    );
    return {
      table: { columns, rows, source: table.source },
      report: new Counter().report(this.className, table.rows.length, rows.length),
    };
  }

  /**
   * Folds the `Name=value` columns back into `Name` (the category with the largest
   * score, so model probabilities work too; all zeros → null). Throws before fit.
   */
  inverseTransform(table: Table): Table {
    this.requireFitted('inverseTransform');
    const cats = this.cats as Record<string, string[]>;
    for (const c of this.columns)
      requireColumns(
        table,
        cats[c].map((v) => `${c}=${v}`),
      );
    const encoded = new Set(this.columns.flatMap((c) => cats[c].map((v) => `${c}=${v}`)));
    const columns: string[] = [];
    for (const name of table.columns) {
      const owner = this.columns.find((c) => cats[c].some((v) => `${c}=${v}` === name));
      if (owner === undefined) columns.push(name);
      else if (!columns.includes(owner)) columns.push(owner);
    }
    const rows = table.rows.map((row) => {
      const out: Record<string, Cell> = {};
      for (const name of columns) {
        if (!this.columns.includes(name)) {
          if (!encoded.has(name)) out[name] = row[name];
          continue;
        }
        let best = -1;
        let bestScore = 0;
        cats[name].forEach((v, i) => {
          const s = Number(row[`${name}=${v}`]);
          if (s > bestScore) {
            best = i;
            bestScore = s;
          }
        });
        out[name] = best < 0 ? null : cats[name][best];
      }
      return out;
    });
    return { columns, rows, source: table.source };
  }

  getConfig(): JsonObject {
    return {
      columns: this.columns,
      handleUnknown: this.handleUnknown,
      categories: this.given ?? null,
      state: this.cats ? { categories: this.cats } : null,
    };
  }

  static fromConfig(c: JsonObject): OneHotEncoder {
    const s = new OneHotEncoder({
      columns: c.columns as string[],
      handleUnknown: c.handleUnknown as 'error' | 'ignore',
      categories: (c.categories as Record<string, string[]> | null) ?? undefined,
    });
    const state = c.state as { categories: Record<string, string[]> } | null;
    if (state) {
      s.cats = structuredClone(state.categories);
      s.markFitted();
    }
    return s;
  }
}

/**
 * Options of {@link OrdinalEncoder}: `columns`; `categories` fixes a column's order
 * (e.g. small < medium < large); `handleUnknown` 'error' (default) or
 * 'use_encoded_value', which writes `unknownValue` (default -1) for unknown or missing values.
 */
export interface OrdinalOptions {
  columns: string[];
  categories?: Record<string, string[]>;
  handleUnknown?: 'error' | 'use_encoded_value';
  unknownValue?: number;
}

/** Replaces each listed column's value by its index among the fitted categories. */
export class OrdinalEncoder extends TableStep {
  readonly className = 'OrdinalEncoder';
  readonly columns: string[];
  readonly handleUnknown: 'error' | 'use_encoded_value';
  readonly unknownValue: number;
  private readonly given: Record<string, string[]> | undefined;
  private cats: Record<string, string[]> | null = null;

  constructor(opts: OrdinalOptions) {
    super();
    this.columns = [...(opts?.columns ?? [])];
    this.handleUnknown = opts.handleUnknown ?? 'error';
    this.unknownValue = opts.unknownValue ?? -1;
    this.given = opts.categories;
    if (this.columns.length === 0)
      throw badOption('OrdinalEncoder columns', 'no columns given', 'e.g. { columns: ["size"] }');
    if (!['error', 'use_encoded_value'].includes(this.handleUnknown)) {
      throw badOption(
        'OrdinalEncoder handleUnknown',
        `unknown handleUnknown ${JSON.stringify(this.handleUnknown)}`,
        "use 'error' or 'use_encoded_value'",
      );
    }
  }

  /** Fitted categories per column (copy). */
  get categories(): Record<string, string[]> {
    this.requireFitted('categories');
    return structuredClone(this.cats as Record<string, string[]>);
  }

  protected fitState(table: Table): void {
    this.cats = fitCategories(table, this.columns, this.given);
  }

  protected run(table: Table): { table: Table; report: StepReport } {
    requireColumns(table, this.columns);
    const cats = this.cats as Record<string, string[]>;
    const rows = table.rows.map((row, r) => {
      const out = { ...row };
      for (const c of this.columns) {
        const v = row[c];
        const idx = v === null ? -1 : cats[c].indexOf(String(v));
        if (idx < 0 && this.handleUnknown === 'error')
          throw unknownError(table, r, c, v, cats[c], this.className);
        out[c] = idx < 0 ? this.unknownValue : idx;
      }
      return out;
    });
    return {
      table: { columns: [...table.columns], rows, source: table.source },
      report: new Counter().report(this.className, table.rows.length, rows.length),
    };
  }

  /** Indices back to categories; `unknownValue` → null. Throws `PREPROCESS_BAD_CODE` for other codes. */
  inverseTransform(table: Table): Table {
    this.requireFitted('inverseTransform');
    requireColumns(table, this.columns);
    const cats = this.cats as Record<string, string[]>;
    const rows = table.rows.map((row, r) => {
      const out = { ...row };
      for (const c of this.columns) {
        const v = row[c];
        if (v === this.unknownValue || v === null) out[c] = null;
        else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < cats[c].length)
          out[c] = cats[c][v];
        else {
          throw new FrontierError(
            'PREPROCESS_BAD_CODE',
            `${JSON.stringify(v)} is not a code of ${cats[c].length} categories`,
            {
              where: cellWhere(table, r, c),
              hint: `use integers 0..${cats[c].length - 1}`,
            },
          );
        }
      }
      return out;
    });
    return { columns: [...table.columns], rows, source: table.source };
  }

  getConfig(): JsonObject {
    return {
      columns: this.columns,
      handleUnknown: this.handleUnknown,
      unknownValue: this.unknownValue,
      categories: this.given ?? null,
      state: this.cats ? { categories: this.cats } : null,
    };
  }

  static fromConfig(c: JsonObject): OrdinalEncoder {
    const s = new OrdinalEncoder({
      columns: c.columns as string[],
      handleUnknown: c.handleUnknown as 'error' | 'use_encoded_value',
      unknownValue: c.unknownValue as number,
      categories: (c.categories as Record<string, string[]> | null) ?? undefined,
    });
    const state = c.state as { categories: Record<string, string[]> } | null;
    if (state) {
      s.cats = structuredClone(state.categories);
      s.markFitted();
    }
    return s;
  }
}

registerStep('OneHotEncoder', OneHotEncoder.fromConfig);
registerStep('OrdinalEncoder', OrdinalEncoder.fromConfig);
