/**
 * Vega-Lite specs for the report's charts (the technique-matrix charts are in
 * technique-charts.ts). Pure functions: data in, spec out; the same
 * specs render to SVG for the static page (render-svg.ts) and run interactive in the
 * dashboard. Metric names only ever appear as data values and titles, never as field
 * names, so any name a user picks is safe.
 */
import type { Config } from 'vega-lite';
import type { VegaLiteSpec } from './render-svg.ts';
import type { HistoryPoint, Report } from './types.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const INK = '#1f2937';
const MUTED = '#6b7280';
/** The report's accent (bars, train line) and its companion (validation line, frontier). */
export const CHART_COLORS = { primary: '#3b6fb6', secondary: '#e8833a' } as const;

/** Shared look of every report chart: quiet axes, light grid, the report's font. */
export const CHART_CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelColor: MUTED,
    titleColor: INK,
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    titlePadding: 10,
    domainColor: '#cbd2d9',
    tickColor: '#cbd2d9',
    gridColor: '#edf0f3',
  },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: 11, titleFontSize: 12, orient: 'top' },
  header: { labelColor: INK, labelFontSize: 12, labelFontWeight: 600, title: null },
  title: { color: INK, fontSize: 13, fontWeight: 600, anchor: 'start' },
};

/**
 * Training curves: one small multiple per metric (three to a row, each with its own
 * y scale), a line per split (train, validation) over epochs, with a point per epoch.
 */
export function trainingCurvesSpec(history: readonly HistoryPoint[]): VegaLiteSpec {
  const metrics = [...new Set(history.map((p) => p.metric))];
  return {
    $schema: SCHEMA,
    description: 'Training curves',
    config: CHART_CONFIG,
    data: {
      values: history.map((p) => ({ epoch: p.epoch, split: p.split, metric: p.metric, value: p.value })),
    },
    facet: { field: 'metric', type: 'nominal', sort: metrics, header: { title: null } },
    columns: Math.min(3, Math.max(1, metrics.length)),
    spec: {
      width: 200,
      height: 150,
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: {
          field: 'split',
          type: 'nominal',
          title: null,
          scale: { domain: ['train', 'validation'], range: [CHART_COLORS.primary, CHART_COLORS.secondary] },
        },
      },
      layer: [
        { mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' } },
        { mark: { type: 'point', filled: true, size: 28 } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/**
 * Confusion-matrix heatmap: true class down, predicted class across, both in `labels`
 * order; each cell is shaded by its count and shows the count as text.
 */
export function confusionMatrixSpec(confusion: Report['confusion']): VegaLiteSpec {
  const { labels, matrix } = confusion;
  const cells = labels.flatMap((actual, i) =>
    labels.map((predicted, j) => ({ actual, predicted, count: matrix[i]?.[j] ?? 0 })),
  );
  const max = cells.reduce((m, c) => Math.max(m, c.count), 0);
  const step = labels.length > 12 ? 28 : 40;
  // Class names wider than a cell would run into each other across the bottom: tilt them.
  const widest = Math.max(0, ...labels.map((l) => l.length)) * 6.6;
  const axisLabel = { domain: false, ticks: false, grid: false, labelLimit: 120 };
  const xLabel =
    widest > step - 4
      ? { ...axisLabel, labelAngle: -40, labelAlign: 'right' as const }
      : { ...axisLabel, labelAngle: 0 };
  return {
    $schema: SCHEMA,
    description: 'Confusion matrix',
    config: CHART_CONFIG,
    data: { values: cells },
    width: { step },
    height: { step },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: labels, title: 'predicted class', axis: xLabel },
      y: { field: 'actual', type: 'nominal', sort: labels, title: 'true class', axis: axisLabel },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'count',
            type: 'quantitative',
            title: 'count',
            scale: { scheme: 'blues', domain: [0, Math.max(1, max)] },
            legend: null,
          },
        },
      },
      {
        mark: { type: 'text', fontSize: labels.length > 12 ? 9 : 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative', format: 'd' },
          // Light text on dark cells; the threshold is half the darkest cell.
          color: { condition: { test: `datum.count > ${max / 2}`, value: 'white' }, value: INK },
        },
      },
    ],
  };
}
