import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { confusionMatrixSpec, trainingCurvesSpec } from './charts.ts';
import { renderReportHtml } from './html.ts';
import { metricKeys } from './matrix-table.ts';
import { paretoFrontier } from './pareto.ts';
import { renderSvg } from './render-svg.ts';
import { scatterSpec } from './scatter-chart.ts';
import { metricTitle, rowsWith, techniqueMetricSpec } from './technique-charts.ts';
import type { Report, TechniqueRow } from './types.ts';
import { serializeReport, validateReport } from './validate.ts';

/** Columns every row has; only the headline ones get a chart of their own. */
const STANDARD_METRICS = [
  'accuracy',
  'loss',
  'parameters',
  'nonzeros',
  'bytes',
  'gzipBytes',
  'latencyP50',
  'latencyP99',
  'throughput',
  'deltaAccuracy',
  'seconds',
];
const HEADLINE_METRICS = ['accuracy', 'gzipBytes', 'latencyP50', 'throughput'];
const PARETO_AXES: Array<[string, string]> = [
  ['gzipBytes', 'size'],
  ['latencyP50', 'latency'],
];

/**
 * The metrics that get a chart of their own, in column order: the headline ones
 * (accuracy, gzip size, p50 latency, throughput) and any metric outside the standard
 * set, each only when at least two measured (not skipped) rows have it: a chart of one
 * bar compares nothing, and the table already shows that number.
 */
export function chartedMetrics(rows: readonly TechniqueRow[]): string[] {
  return metricKeys(rows).filter(
    (k) => (HEADLINE_METRICS.includes(k) || !STANDARD_METRICS.includes(k)) && rowsWith(rows, k).length >= 2,
  );
}

/**
 * The report's charts as caption → SVG, in page order: training curves (when there is
 * history), the confusion matrix (when there are labels), an accuracy-vs-cost scatter
 * per cost axis that two or more rows measure, then one chart per charted metric (see
 * chartedMetrics; dots on a zoomed axis or bars, see techniqueMetricSpec).
 */
export async function renderReportCharts(report: Report): Promise<Record<string, string>> {
  const charts: Record<string, string> = {};
  if (report.history.length > 0)
    charts['Training curves'] = await renderSvg(trainingCurvesSpec(report.history));
  if (report.confusion.labels.length > 0)
    charts['Confusion matrix (test set)'] = await renderSvg(confusionMatrixSpec(report.confusion));
  for (const [cost, title] of PARETO_AXES) {
    if (rowsWith(report.matrix, cost, 'accuracy').length < 2) continue;
    const frontier = paretoFrontier(report.matrix, cost, 'accuracy');
    charts[`Accuracy vs ${title} (Pareto frontier dashed)`] = await renderSvg(
      scatterSpec(report.matrix, cost, 'accuracy', { frontier }),
    );
  }
  for (const key of chartedMetrics(report.matrix)) {
    charts[`${metricTitle(key)} by technique`] = await renderSvg(techniqueMetricSpec(report.matrix, key));
  }
  return charts;
}

/**
 * Validates `report`, renders its charts, and writes `report.html` then `report.json`
 * into `dir` (created if missing), each atomically, so a reader never sees a half file
 * and a report.json only exists beside a finished page. report.json is
 * `serializeReport(report)`: pretty, keys in a fixed order. Throws FrontierError
 * `REPORT_INVALID` (nothing written) for a bad report, `REPORT_WRITE_FAILED` for I/O.
 */
export async function writeReport(
  dir: string,
  report: Report,
): Promise<{ htmlPath: string; jsonPath: string }> {
  const checked = validateReport(report, 'report');
  const json = serializeReport(checked);
  const html = renderReportHtml(checked, await renderReportCharts(checked));
  const htmlPath = join(dir, 'report.html');
  const jsonPath = join(dir, 'report.json');
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(htmlPath, html);
    await writeFileAtomic(jsonPath, json);
  } catch (err) {
    throw new FrontierError('REPORT_WRITE_FAILED', `could not write the report: ${(err as Error).message}`, {
      where: dir,
      hint: 'check that the folder is writable and the disk has space',
      cause: err,
    });
  }
  return { htmlPath, jsonPath };
}
