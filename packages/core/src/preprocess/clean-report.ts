// Runs table steps in order and reports, per column, what cleaning did.
import type { Table } from '../data/index.ts';
import { escapeHtml, type ReportSection } from '../report/index.ts';
import { zeroCounts, type ColumnCounts, type StepReport, TableStep } from './table-step.ts';

/** Per-column totals over all steps, plus the missing cells the input had. */
export interface ColumnReport extends ColumnCounts {
  column: string;
  /** Missing (null) cells in the input table. */
  missingBefore: number;
}

/** What a cleaning pipeline did: rows in/out, each step's report, per-column totals. */
export interface CleaningReport {
  rowsIn: number;
  rowsOut: number;
  steps: StepReport[];
  columns: ColumnReport[];
  /** Rows dropped for no single column (duplicates). */
  otherRowsDropped: number;
}

/**
 * Applies `steps` in order; with `fit` (default false) each step is first fitted on
 * its own input (use on training data only). Returns the cleaned table and the
 * report. Columns are the input's, then columns steps added, in first-seen order.
 */
export function cleanTable(
  table: Table,
  steps: readonly TableStep[],
  opts: { fit?: boolean } = {},
): { table: Table; report: CleaningReport } {
  const reports: StepReport[] = [];
  let cur = table;
  for (const step of steps) {
    if (opts.fit) step.fit(cur);
    const r = step.transformWithReport(cur);
    reports.push(r.report);
    cur = r.table;
  }
  return { table: cur, report: summarize(table, cur, reports) };
}

function summarize(input: Table, output: Table, steps: StepReport[]): CleaningReport {
  const names = [...input.columns];
  for (const s of steps) for (const c of Object.keys(s.columns)) if (!names.includes(c)) names.push(c);
  for (const c of output.columns) if (!names.includes(c)) names.push(c);
  const columns = names.map((column) => {
    const total: ColumnReport = { column, missingBefore: 0, ...zeroCounts() };
    if (input.columns.includes(column))
      total.missingBefore = input.rows.filter((r) => r[column] === null).length;
    for (const s of steps) {
      const c = s.columns[column];
      if (!c) continue;
      for (const k of Object.keys(c) as Array<keyof ColumnCounts>) total[k] += c[k];
    }
    return total;
  });
  return {
    rowsIn: input.rows.length,
    rowsOut: output.rows.length,
    steps,
    columns,
    otherRowsDropped: steps.reduce((a, s) => a + s.otherRowsDropped, 0),
  };
}

const HEAD = ['column', 'missing before', 'rows dropped', 'filled', 'clipped', 'flagged', 'coerced'];
const cells = (c: ColumnReport) =>
  [c.column, c.missingBefore, c.rowsDropped, c.filled, c.clipped, c.flagged, c.coerced].map(String);

/** A plain-text table of the report, one line per column, for logs and the CLI. */
export function formatCleaningReport(report: CleaningReport): string {
  const rows = [HEAD, ...report.columns.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '),
  );
  lines.push(
    `rows: ${report.rowsIn} in, ${report.rowsOut} out${report.otherRowsDropped ? ` (${report.otherRowsDropped} duplicates)` : ''}`,
  );
  return lines.join('\n');
}

/** The report as an evaluation-report section (escaped HTML table). */
export function cleaningReportSection(report: CleaningReport, title = 'Data cleaning'): ReportSection {
  const tr = (vals: string[], tag: string) =>
    `<tr>${vals.map((v) => `<${tag}>${escapeHtml(v)}</${tag}>`).join('')}</tr>`;
  const html =
    `<p>${report.rowsIn} rows in, ${report.rowsOut} out` +
    (report.otherRowsDropped ? `, ${report.otherRowsDropped} duplicates removed` : '') +
    `; steps: ${escapeHtml(report.steps.map((s) => s.step).join(' → '))}.</p>` +
    `<table>${tr(HEAD, 'th')}${report.columns.map((c) => tr(cells(c), 'td')).join('')}</table>`;
  return { title, html };
}
