/** Evaluation reports: the Report data type, Vega-Lite charts rendered to SVG, the static HTML page, report.json. */
export type { HistoryPoint, Measure, Report, ReportSection, TechniqueRow } from './types.ts';
export { renderSvg, type VegaLiteSpec } from './render-svg.ts';
export { CHART_COLORS, CHART_CONFIG, confusionMatrixSpec, trainingCurvesSpec } from './charts.ts';
export {
  metricTitle,
  paddedDomain,
  techniqueBarSpec,
  techniqueDotSpec,
  techniqueMetricSpec,
  zoomsBetter,
} from './technique-charts.ts';
export { scatterSpec, type ScatterOptions } from './scatter-chart.ts';
export { estimateTextWidth, placeLabels, type LabelRequest, type PlacedLabel } from './label-layout.ts';
export { GLANCE_METRICS, glance, referenceRow, type Glance, type GlanceRow } from './glance.ts';
export { keyFigure } from './key-figure.ts';
export { renderSummaryTable } from './summary-table.ts';
export { escapeHtml } from './escape.ts';
export { renderReportHtml, scopeSvgIds } from './html.ts';
export { metricKeys, renderMatrixTable } from './matrix-table.ts';
export { displayUnit, formatMeasure, formatScaled, withUnit, type DisplayUnit } from './units.ts';
export { sampleReport } from './sample-report.ts';
export { serializeReport, validateReport } from './validate.ts';
export { chartedMetrics, renderReportCharts, writeReport } from './write-report.ts';
export { paretoFrontier } from './pareto.ts';
