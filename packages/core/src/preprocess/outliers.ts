// Outliers by the IQR rule or z-score, with bounds fitted on training data.
import type { Cell, Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import { mean, quantileSorted, sortedCopy, std } from './stats.ts';
import { badOption, registerStep, type JsonObject } from './step.ts';
import {
  Counter,
  numericValues,
  requireColumns,
  TableStep,
  toNumber,
  type StepReport,
} from './table-step.ts';

/**
 * Options of {@link Outliers}. `method` 'iqr' (default): bounds
 * [Q1 − k·IQR, Q3 + k·IQR], k = `factor` (default 1.5), quartiles by numpy's linear
 * interpolation; 'zscore': [mean − k·std, mean + k·std], k default 3, population std.
 * `action` 'clip' (default) moves values onto the bounds, 'drop' removes the row,
 * 'flag' adds a 0/1 column `<name>_outlier`. Missing cells are left alone.
 */
export interface OutliersOptions {
  columns: string[];
  method?: 'iqr' | 'zscore';
  factor?: number;
  action?: 'clip' | 'drop' | 'flag';
}

/** Clips, drops or flags values outside bounds fitted per column. */
export class Outliers extends TableStep {
  readonly className = 'Outliers';
  readonly columns: string[];
  readonly method: 'iqr' | 'zscore';
  readonly factor: number;
  readonly action: 'clip' | 'drop' | 'flag';
  private fittedBounds: Record<string, [number, number]> | null = null;

  constructor(opts: OutliersOptions) {
    super();
    this.columns = [...(opts?.columns ?? [])];
    this.method = opts.method ?? 'iqr';
    this.factor = opts.factor ?? (this.method === 'iqr' ? 1.5 : 3);
    this.action = opts.action ?? 'clip';
    if (this.columns.length === 0)
      throw badOption('Outliers columns', 'no columns given', 'e.g. { columns: ["price"] }');
    if (this.method !== 'iqr' && this.method !== 'zscore')
      throw badOption(
        'Outliers method',
        `unknown method ${JSON.stringify(this.method)}`,
        "use 'iqr' or 'zscore'",
      );
    if (!['clip', 'drop', 'flag'].includes(this.action))
      throw badOption(
        'Outliers action',
        `unknown action ${JSON.stringify(this.action)}`,
        "use 'clip', 'drop' or 'flag'",
      );
    if (!(this.factor >= 0))
      throw badOption(
        'Outliers factor',
        `factor must be >= 0, got ${this.factor}`,
        'e.g. 1.5 for IQR, 3 for z-score',
      );
  }

  /** Fitted [low, high] bounds per column (copy). */
  get bounds(): Record<string, [number, number]> {
    this.requireFitted('bounds');
    return Object.fromEntries(
      Object.entries(this.fittedBounds ?? {}).map(([k, v]) => [k, [...v] as [number, number]]),
    );
  }

  protected fitState(table: Table): void {
    requireColumns(table, this.columns);
    const bounds: Record<string, [number, number]> = {};
    for (const col of this.columns) {
      const { values } = numericValues(table, col, 'Outliers');
      if (values.length === 0) {
        throw new FrontierError(
          'PREPROCESS_ALL_MISSING',
          `column ${JSON.stringify(col)} has no values to fit outlier bounds on`,
          {
            where: `${table.source}, column ${JSON.stringify(col)}`,
            hint: 'fill or drop the column first',
          },
        );
      }
      if (this.method === 'iqr') {
        const s = sortedCopy(values);
        const q1 = quantileSorted(s, 0.25);
        const q3 = quantileSorted(s, 0.75);
        bounds[col] = [q1 - this.factor * (q3 - q1), q3 + this.factor * (q3 - q1)];
      } else {
        const m = mean(values);
        const sd = std(values, m);
        bounds[col] = [m - this.factor * sd, m + this.factor * sd];
      }
    }
    this.fittedBounds = bounds;
  }

  protected run(table: Table): { table: Table; report: StepReport } {
    requireColumns(table, this.columns);
    for (const col of this.columns) numericValues(table, col, 'Outliers');
    const bounds = this.fittedBounds as Record<string, [number, number]>;
    const counter = new Counter();
    const rows: Array<Record<string, Cell>> = [];
    for (const row of table.rows) {
      const out: Record<string, Cell> = { ...row };
      let drop = false;
      for (const col of this.columns) {
        const x = row[col] === null ? undefined : toNumber(row[col]);
        const [lo, hi] = bounds[col];
        const outside = x !== undefined && (x < lo || x > hi);
        if (this.action === 'flag') {
          out[`${col}_outlier`] = outside ? 1 : 0;
          if (outside) counter.add(col, 'flagged');
        } else if (outside && this.action === 'clip') {
          out[col] = Math.min(hi, Math.max(lo, x));
          counter.add(col, 'clipped');
        } else if (outside) {
          counter.add(col, 'rowsDropped');
          drop = true;
        }
      }
      if (!drop) rows.push(out);
    }
    const columns =
      this.action === 'flag'
        ? table.columns.flatMap((c) => (this.columns.includes(c) ? [c, `${c}_outlier`] : [c]))
        : [...table.columns];
    return {
      table: { columns, rows, source: table.source },
      report: counter.report(this.className, table.rows.length, rows.length),
    };
  }

  getConfig(): JsonObject {
    return {
      columns: this.columns,
      method: this.method,
      factor: this.factor,
      action: this.action,
      state: this.fittedBounds ? { bounds: this.fittedBounds } : null,
    };
  }

  static fromConfig(c: JsonObject): Outliers {
    const s = new Outliers({
      columns: c.columns as string[],
      method: c.method as 'iqr' | 'zscore',
      factor: c.factor as number,
      action: c.action as 'clip' | 'drop' | 'flag',
    });
    const state = c.state as { bounds: Record<string, [number, number]> } | null;
    if (state) {
      s.fittedBounds = { ...state.bounds };
      s.markFitted();
    }
    return s;
  }
}

registerStep('Outliers', Outliers.fromConfig);
