// Imputation: fill missing cells per column from training statistics.
import type { Cell, Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import { mean, median, mostFrequent } from './stats.ts';
import { badOption, registerStep, type Json, type JsonObject } from './step.ts';
import { Counter, numericValues, requireColumns, TableStep, type StepReport } from './table-step.ts';

/**
 * How to fill one column: 'mean' / 'median' (numeric columns, training statistics),
 * 'most_frequent' (any column; ties go to the value seen first), `{ constant: v }`,
 * or 'ffill' (the previous row's value in the table being transformed; a missing
 * first row takes the last training value).
 */
export type FillStrategy = 'mean' | 'median' | 'most_frequent' | 'ffill' | { constant: Cell };

/**
 * Options of {@link FillNa}: `strategies` per column; `indicator` adds a 0/1 column
 * `<name>_missing` after each listed column (true = every filled column), so a model
 * can still see that a value was imputed.
 */
export interface FillNaOptions {
  strategies: Record<string, FillStrategy>;
  indicator?: boolean | string[];
}

/** Fills missing (null) cells column by column; the report counts filled cells. */
export class FillNa extends TableStep {
  readonly className = 'FillNa';
  readonly strategies: Record<string, FillStrategy>;
  readonly indicator: string[];
  /** Fitted fill value per column (ffill: the fallback for a missing first row). */
  private values: Record<string, Cell> | null = null;

  constructor(opts: FillNaOptions) {
    super();
    this.strategies = { ...(opts?.strategies ?? {}) };
    const names = Object.keys(this.strategies);
    if (names.length === 0)
      throw badOption('FillNa strategies', 'no columns to fill', 'e.g. { strategies: { age: "median" } }');
    for (const [col, s] of Object.entries(this.strategies)) {
      const ok =
        s === 'mean' ||
        s === 'median' ||
        s === 'most_frequent' ||
        s === 'ffill' ||
        (typeof s === 'object' && s !== null && 'constant' in s);
      if (!ok) {
        throw badOption(
          `FillNa strategies.${col}`,
          `unknown strategy ${JSON.stringify(s)}`,
          "use 'mean', 'median', 'most_frequent', 'ffill' or { constant: value }",
        );
      }
    }
    this.indicator =
      opts.indicator === true
        ? names
        : opts.indicator === false || !opts.indicator
          ? []
          : [...opts.indicator];
    for (const c of this.indicator) {
      if (!names.includes(c))
        throw badOption(
          'FillNa indicator',
          `indicator column ${JSON.stringify(c)} has no strategy`,
          'list only columns in strategies',
        );
    }
  }

  /** Fitted fill values (copy). */
  get fillValues(): Record<string, Cell> {
    this.requireFitted('fillValues');
    return { ...(this.values as Record<string, Cell>) };
  }

  protected fitState(table: Table): void {
    requireColumns(table, Object.keys(this.strategies));
    const values: Record<string, Cell> = {};
    for (const [col, s] of Object.entries(this.strategies)) {
      if (typeof s === 'object') {
        values[col] = s.constant;
        continue;
      }
      const present = table.rows.map((r) => r[col]).filter((v) => v !== null);
      let v: Cell | undefined;
      if (s === 'mean' || s === 'median') {
        const { values: xs } = numericValues(table, col, `FillNa ${s}`);
        v = xs.length ? (s === 'mean' ? mean(xs) : median(xs)) : undefined;
      } else if (s === 'most_frequent') v = mostFrequent(present);
      else v = present.length ? present[present.length - 1] : undefined;
      if (v === undefined) {
        throw new FrontierError(
          'PREPROCESS_ALL_MISSING',
          `column ${JSON.stringify(col)} has no values to compute a ${s} from`,
          {
            where: `${table.source}, column ${JSON.stringify(col)}`,
            hint: 'use { constant: value } for this column, or drop it',
          },
        );
      }
      values[col] = v;
    }
    this.values = values;
  }

  protected run(table: Table): { table: Table; report: StepReport } {
    const cols = Object.keys(this.strategies);
    requireColumns(table, cols);
    const values = this.values as Record<string, Cell>;
    const counter = new Counter();
    const last: Record<string, Cell> = { ...values };
    const rows = table.rows.map((row) => {
      const out: Record<string, Cell> = {};
      for (const name of table.columns) {
        const v = row[name];
        if (!(name in this.strategies)) {
          out[name] = v;
          continue;
        }
        if (v === null) {
          out[name] = this.strategies[name] === 'ffill' ? last[name] : values[name];
          counter.add(name, 'filled');
        } else {
          out[name] = v;
          last[name] = v;
        }
        if (this.indicator.includes(name)) out[`${name}_missing`] = v === null ? 1 : 0;
      }
      return out;
    });
    const columns = table.columns.flatMap((c) => (this.indicator.includes(c) ? [c, `${c}_missing`] : [c]));
    return {
      table: { columns, rows, source: table.source },
      report: counter.report(this.className, table.rows.length, rows.length),
    };
  }

  getConfig(): JsonObject {
    return {
      strategies: this.strategies as unknown as Json,
      indicator: this.indicator,
      state: this.values ? { values: this.values } : null,
    };
  }

  static fromConfig(c: JsonObject): FillNa {
    const s = new FillNa({
      strategies: c.strategies as unknown as Record<string, FillStrategy>,
      indicator: c.indicator as string[],
    });
    const state = c.state as { values: Record<string, Cell> } | null;
    if (state) {
      s.values = { ...state.values };
      s.markFitted();
    }
    return s;
  }
}

registerStep('FillNa', FillNa.fromConfig);
