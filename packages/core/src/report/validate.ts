/**
 * Checks report.json-shaped data and rebuilds it as a `Report` whose keys are in one
 * fixed order, so equal reports serialise to equal bytes.
 */
import { FrontierError } from '../util/errors.ts';
import type { HistoryPoint, Measure, Report, ReportSection, TechniqueRow } from './types.ts';

/** Collects every problem found, each as `path: what is wrong`, so one run of a fix clears them all. */
class Checker {
  readonly problems: string[] = [];

  fail(path: string, what: string): void {
    this.problems.push(`${path} ${what}`);
  }

  object(x: unknown, path: string): Record<string, unknown> | undefined {
    if (x === undefined) this.fail(path, 'is missing');
    else if (x === null || typeof x !== 'object' || Array.isArray(x))
      this.fail(path, `must be an object, got ${kind(x)}`);
    else return x as Record<string, unknown>;
    return undefined;
  }

  array(x: unknown, path: string): unknown[] {
    if (x === undefined) this.fail(path, 'is missing');
    else if (!Array.isArray(x)) this.fail(path, `must be an array, got ${kind(x)}`);
    else return x;
    return [];
  }

  string(x: unknown, path: string): string {
    if (x === undefined) this.fail(path, 'is missing');
    else if (typeof x !== 'string') this.fail(path, `must be a string, got ${kind(x)}`);
    else return x;
    return '';
  }

  number(x: unknown, path: string, opts: { integer?: boolean; min?: number } = {}): number {
    if (x === undefined) this.fail(path, 'is missing');
    else if (typeof x !== 'number') this.fail(path, `must be a number, got ${kind(x)}`);
    // JSON cannot hold NaN or ±Infinity; they would come back as null.
    else if (!Number.isFinite(x)) this.fail(path, `must be a finite number, got ${x}`);
    else if (opts.integer && !Number.isInteger(x)) this.fail(path, `must be a whole number, got ${x}`);
    else if (opts.min !== undefined && x < opts.min)
      this.fail(path, `must be at least ${opts.min}, got ${x}`);
    else return x;
    return 0;
  }

  strings(x: unknown, path: string): string[] {
    return this.array(x, path).map((s, i) => this.string(s, `${path}[${i}]`));
  }
}

function kind(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
  if (typeof x === 'number') return `the number ${x}`;
  return typeof x;
}

/** A record's key as a readable path step: `.name` or `["odd key"]`. */
function step(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function checkMeasure(c: Checker, x: unknown, path: string): Measure {
  const o = c.object(x, path) ?? {};
  return { value: c.number(o.value, `${path}.value`), unit: c.string(o.unit, `${path}.unit`) };
}

function checkRow(c: Checker, x: unknown, path: string, units: Map<string, string>): TechniqueRow {
  const o = c.object(x, path) ?? {};
  const metricsIn = c.object(o.metrics, `${path}.metrics`) ?? {};
  const metrics: Record<string, Measure> = {};
  for (const [key, m] of Object.entries(metricsIn)) {
    const mp = `${path}.metrics${step(key)}`;
    metrics[key] = checkMeasure(c, m, mp);
    const seen = units.get(key);
    if (seen === undefined) units.set(key, metrics[key].unit);
    else if (seen !== metrics[key].unit)
      c.fail(
        `${mp}.unit`,
        `is ${JSON.stringify(metrics[key].unit)} but earlier rows measure it in ${JSON.stringify(seen)}`,
      );
  }
  const row: TechniqueRow = {
    technique: c.string(o.technique, `${path}.technique`),
    description: c.string(o.description, `${path}.description`),
    metrics,
  };
  if (o.notes !== undefined) row.notes = c.strings(o.notes, `${path}.notes`);
  if (o.skipped !== undefined) row.skipped = c.string(o.skipped, `${path}.skipped`);
  return row;
}

function checkHistoryPoint(c: Checker, x: unknown, path: string): HistoryPoint {
  const o = c.object(x, path) ?? {};
  let split: HistoryPoint['split'] = 'train';
  if (o.split === 'train' || o.split === 'validation') split = o.split;
  else if (o.split === undefined) c.fail(`${path}.split`, 'is missing');
  else c.fail(`${path}.split`, `must be "train" or "validation", got ${kind(o.split)}`);
  return {
    epoch: c.number(o.epoch, `${path}.epoch`, { integer: true, min: 0 }),
    split,
    metric: c.string(o.metric, `${path}.metric`),
    value: c.number(o.value, `${path}.value`),
  };
}

function checkConfusion(c: Checker, x: unknown, path: string): Report['confusion'] {
  const o = c.object(x, path) ?? {};
  const labels = c.strings(o.labels, `${path}.labels`);
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined)
    c.fail(`${path}.labels`, `names ${JSON.stringify(dup)} twice; each class needs its own label`);
  const matrix = c
    .array(o.matrix, `${path}.matrix`)
    .map((row, i) =>
      c
        .array(row, `${path}.matrix[${i}]`)
        .map((v, j) => c.number(v, `${path}.matrix[${i}][${j}]`, { integer: true, min: 0 })),
    );
  const n = labels.length;
  if (Array.isArray(o.matrix) && Array.isArray(o.labels)) {
    if (matrix.length !== n) c.fail(`${path}.matrix`, `has ${matrix.length} rows but there are ${n} labels`);
    matrix.forEach((row, i) => {
      if (row.length !== n)
        c.fail(`${path}.matrix[${i}]`, `has ${row.length} columns but there are ${n} labels`);
    });
  }
  return { labels, matrix };
}

/**
 * Checks that `x` has the shape of a `Report` (as read from report.json) and returns it
 * as a fresh `Report` with keys in declaration order and unknown keys dropped. Also
 * requires finite numbers, whole non-negative counts, a square confusion matrix matching
 * its distinct labels, a parseable `createdAt`, and one unit per metric across the matrix.
 * Throws FrontierError `REPORT_INVALID` listing every problem by its path (e.g.
 * `report.dataset.train is missing`); `where` names the source, default `report.json`.
 */
export function validateReport(x: unknown, where = 'report.json'): Report {
  const c = new Checker();
  const o = c.object(x, 'report') ?? {};
  const createdAt = c.string(o.createdAt, 'report.createdAt');
  if (typeof o.createdAt === 'string' && Number.isNaN(Date.parse(createdAt)))
    c.fail('report.createdAt', `must be an ISO 8601 time, got ${kind(createdAt)}`);

  const ds = c.object(o.dataset, 'report.dataset') ?? {};
  const model = c.object(o.model, 'report.model') ?? {};
  const envIn = c.object(o.environment, 'report.environment') ?? {};
  const environment: Record<string, string> = {};
  for (const [k, v] of Object.entries(envIn)) environment[k] = c.string(v, `report.environment${step(k)}`);
  const units = new Map<string, string>();

  const report: Report = {
    runId: c.string(o.runId, 'report.runId'),
    title: c.string(o.title, 'report.title'),
    createdAt,
    dataset: {
      name: c.string(ds.name, 'report.dataset.name'),
      train: c.number(ds.train, 'report.dataset.train', { integer: true, min: 0 }),
      test: c.number(ds.test, 'report.dataset.test', { integer: true, min: 0 }),
      classes: c.strings(ds.classes, 'report.dataset.classes'),
    },
    model: {
      name: c.string(model.name, 'report.model.name'),
      parameters: c.number(model.parameters, 'report.model.parameters', { integer: true, min: 0 }),
      summary: c.string(model.summary, 'report.model.summary'),
    },
    environment,
    history: c
      .array(o.history, 'report.history')
      .map((p, i) => checkHistoryPoint(c, p, `report.history[${i}]`)),
    confusion: checkConfusion(c, o.confusion, 'report.confusion'),
    matrix: c.array(o.matrix, 'report.matrix').map((r, i) => checkRow(c, r, `report.matrix[${i}]`, units)),
  };
  if (o.sections !== undefined) {
    report.sections = c.array(o.sections, 'report.sections').map((s, i): ReportSection => {
      const so = c.object(s, `report.sections[${i}]`) ?? {};
      return {
        title: c.string(so.title, `report.sections[${i}].title`),
        html: c.string(so.html, `report.sections[${i}].html`),
      };
    });
  }
  if (c.problems.length > 0) {
    const shown = c.problems.slice(0, 12);
    const more = c.problems.length > shown.length ? `; and ${c.problems.length - shown.length} more` : '';
    throw new FrontierError('REPORT_INVALID', `invalid report: ${shown.join('; ')}${more}`, {
      where,
      hint: 'fix the fields named above; the shape is the Report type in @frontier/core/report',
    });
  }
  return report;
}

/**
 * report.json's text: `validateReport(report)` (so key order is fixed and a bad report
 * never reaches disk) as pretty JSON with a trailing newline. Record keys (environment,
 * metrics) keep the caller's order, which is the table's column order.
 */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(validateReport(report, 'report'), null, 2)}\n`;
}
