// Row filters: drop rows with missing values (pandas dropna) and duplicate rows.
import type { Cell, Table } from '../data/index.ts';
import { badOption, registerStep, type JsonObject } from './step.ts';
import { Counter, requireColumns, TableStep, type StepReport } from './table-step.ts';

/**
 * Options of {@link DropNa}, as pandas `dropna`:
 * `how` 'any' (default) drops a row with any missing cell among `subset`, 'all' only
 * when every cell of `subset` is missing; `thresh` (overrides `how`) keeps rows with
 * at least that many non-missing cells among `subset`; `subset` defaults to every column.
 */
export interface DropNaOptions {
  how?: 'any' | 'all';
  thresh?: number;
  subset?: string[];
}

/**
 * Drops rows with missing (null) cells. Stateless, but `fit` still checks the
 * columns exist (and must run first). The report charges each dropped row to every
 * `subset` column that was missing in it.
 */
export class DropNa extends TableStep {
  readonly className = 'DropNa';
  readonly how: 'any' | 'all';
  readonly thresh: number | undefined;
  readonly subset: string[] | undefined;

  constructor(opts: DropNaOptions = {}) {
    super();
    this.how = opts.how ?? 'any';
    this.thresh = opts.thresh;
    this.subset = opts.subset;
    if (this.how !== 'any' && this.how !== 'all') {
      throw badOption('DropNa how', `unknown how ${JSON.stringify(this.how)}`, "use 'any' or 'all'");
    }
    if (this.thresh !== undefined && (!Number.isInteger(this.thresh) || this.thresh < 0)) {
      throw badOption(
        'DropNa thresh',
        `thresh must be a non-negative integer, got ${this.thresh}`,
        'e.g. thresh: 3',
      );
    }
  }

  protected fitState(table: Table): void {
    if (this.subset) requireColumns(table, this.subset);
  }

  protected run(table: Table): { table: Table; report: StepReport } {
    const cols = this.subset ?? table.columns;
    requireColumns(table, cols);
    const counter = new Counter();
    const rows = table.rows.filter((row) => {
      const missing = cols.filter((c) => row[c] === null);
      const present = cols.length - missing.length;
      const drop =
        this.thresh !== undefined
          ? present < this.thresh
          : this.how === 'any'
            ? missing.length > 0
            : missing.length === cols.length;
      if (drop) for (const c of missing) counter.add(c, 'rowsDropped');
      return !drop;
    });
    return {
      table: { columns: [...table.columns], rows: rows.map((r) => ({ ...r })), source: table.source },
      report: counter.report(this.className, table.rows.length, rows.length),
    };
  }

  getConfig(): JsonObject {
    return {
      how: this.how,
      thresh: this.thresh ?? null,
      subset: this.subset ?? null,
      state: this.fitted ? {} : null,
    };
  }

  static fromConfig(c: JsonObject): DropNa {
    const s = new DropNa({
      how: c.how as 'any' | 'all',
      thresh: (c.thresh as number | null) ?? undefined,
      subset: (c.subset as string[] | null) ?? undefined,
    });
    if (c.state) s.markFitted();
    return s;
  }
}

/** Options of {@link DropDuplicates}: compare `subset` (default all columns); keep the 'first' (default) or 'last'. */
export interface DropDuplicatesOptions {
  subset?: string[];
  keep?: 'first' | 'last';
}

/** Removes rows equal (on `subset`) to an earlier one ('first') or a later one ('last'). */
export class DropDuplicates extends TableStep {
  readonly className = 'DropDuplicates';
  readonly subset: string[] | undefined;
  readonly keep: 'first' | 'last';

  constructor(opts: DropDuplicatesOptions = {}) {
    super();
    this.subset = opts.subset;
    this.keep = opts.keep ?? 'first';
    if (this.keep !== 'first' && this.keep !== 'last') {
      throw badOption(
        'DropDuplicates keep',
        `unknown keep ${JSON.stringify(this.keep)}`,
        "use 'first' or 'last'",
      );
    }
  }

  protected fitState(table: Table): void {
    if (this.subset) requireColumns(table, this.subset);
  }

  protected run(table: Table): { table: Table; report: StepReport } {
    const cols = this.subset ?? table.columns;
    requireColumns(table, cols);
    // Tag cells by type so 1 and "1" stay different rows.
    const key = (row: Record<string, Cell>) => JSON.stringify(cols.map((c) => [typeof row[c], row[c]]));
    const seen = new Set<string>();
    const order = table.rows.map((_, i) => i);
    if (this.keep === 'last') order.reverse();
    const kept = new Set<number>();
    for (const i of order) {
      const k = key(table.rows[i]);
      if (!seen.has(k)) {
        seen.add(k);
        kept.add(i);
      }
    }
    const rows = table.rows.filter((_, i) => kept.has(i)).map((r) => ({ ...r }));
    const counter = new Counter();
    counter.otherRowsDropped = table.rows.length - rows.length;
    return {
      table: { columns: [...table.columns], rows, source: table.source },
      report: counter.report(this.className, table.rows.length, rows.length),
    };
  }

  getConfig(): JsonObject {
    return { subset: this.subset ?? null, keep: this.keep, state: this.fitted ? {} : null };
  }

  static fromConfig(c: JsonObject): DropDuplicates {
    const s = new DropDuplicates({
      subset: (c.subset as string[] | null) ?? undefined,
      keep: c.keep as 'first' | 'last',
    });
    if (c.state) s.markFitted();
    return s;
  }
}

registerStep('DropNa', DropNa.fromConfig);
registerStep('DropDuplicates', DropDuplicates.fromConfig);
