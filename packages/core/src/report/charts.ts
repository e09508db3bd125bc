/**
 * Vega-Lite specs for the report's charts. Pure functions: data in, spec out; the same
 * specs render to SVG for the static page (render-svg.ts) and run interactive in the
 * dashboard. Metric names only ever appear as data values and titles, never as field
 * names, so any name a user picks is safe.
 */
import type { Config } from 'vega-lite';
import { FrontierError } from '../util/errors.ts';
import type { VegaLiteSpec } from './render-svg.ts';
import type { HistoryPoint, Report, TechniqueRow } from './types.ts';
import { displayUnit, withUnit } from './units.ts';

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
  const axisLabel = { labelAngle: 0, domain: false, ticks: false, grid: false };
  return {
    $schema: SCHEMA,
    description: 'Confusion matrix',
    config: CHART_CONFIG,
    data: { values: cells },
    width: { step },
    height: { step },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: labels, title: 'predicted class', axis: axisLabel },
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

/** The unit of `metricKey` across `rows`; throws when rows disagree, since one axis cannot show two units. */
function metricUnit(rows: readonly TechniqueRow[], metricKey: string): string {
  let unit: string | undefined;
  for (const row of rows) {
    const m = row.metrics[metricKey];
    if (m === undefined) continue;
    if (unit !== undefined && m.unit !== unit) {
      throw new FrontierError(
        'REPORT_UNIT_MISMATCH',
        `metric "${metricKey}" is in ${JSON.stringify(unit)} in one row and ${JSON.stringify(m.unit)} in technique "${row.technique}"`,
        { where: `matrix[].metrics.${metricKey}`, hint: 'measure one metric in one unit in every row' },
      );
    }
    unit = m.unit;
  }
  return unit ?? '';
}

/**
 * One horizontal bar per technique (in row order) for one metric, the value printed at
 * the bar's end; the axis title carries the unit (ratios in %, bytes in KiB/MiB).
 * Rows without the metric are left out. Throws REPORT_UNIT_MISMATCH if rows disagree on its unit.
 */
export function techniqueBarSpec(rows: readonly TechniqueRow[], metricKey: string): VegaLiteSpec {
  const unit = metricUnit(rows, metricKey);
  const measured = rows.filter((r) => r.metrics[metricKey] !== undefined);
  const display = displayUnit(
    unit,
    measured.map((r) => r.metrics[metricKey].value),
  );
  const values = measured.map((r) => ({
    technique: r.technique,
    value: r.metrics[metricKey].value * display.factor,
  }));
  const format = `,.${display.decimals}f`;
  const hi = Math.max(0, ...values.map((v) => v.value));
  // A ratio cannot pass 100 %, so its axis ends there; other axes end at a round number.
  const scale =
    unit === 'ratio' && hi <= 100 ? { domain: [0, 100], nice: false } : { zero: true, nice: true };
  // The value sits inside the end of a long bar (light on dark) and just past a short one.
  const inside = `datum.value >= ${hi * 0.3}`;
  return {
    $schema: SCHEMA,
    description: `${metricKey} by technique`,
    config: CHART_CONFIG,
    data: { values },
    width: 260,
    height: { step: 26 },
    encoding: {
      y: { field: 'technique', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: withUnit(metricKey, display),
        scale,
        axis: { tickCount: 5 },
      },
    },
    layer: [
      // No cornerRadius: rounded bars make vega wrap each bar in a clip-path group.
      { mark: { type: 'bar', color: CHART_COLORS.primary, height: { band: 0.7 } } },
      {
        transform: [{ filter: inside }],
        mark: { type: 'text', align: 'right', dx: -5, color: 'white', fontSize: 11 },
        encoding: { text: { field: 'value', type: 'quantitative', format } },
      },
      {
        transform: [{ filter: `!(${inside})` }],
        mark: { type: 'text', align: 'left', dx: 4, color: INK, fontSize: 11 },
        encoding: { text: { field: 'value', type: 'quantitative', format } },
      },
    ],
  };
}

/** Options of `scatterSpec`. */
export interface ScatterOptions {
  /** Techniques on the trade-off frontier: drawn in the accent colour and joined in x order. Default none. */
  frontier?: readonly string[];
}

/**
 * A point per technique with `xMetric` across and `yMetric` up, each point labelled with
 * its technique; axis titles carry the units. Rows missing either metric are left out.
 * Meant for Pareto charts (e.g. size vs accuracy); `options.frontier` marks the frontier.
 */
export function scatterSpec(
  rows: readonly TechniqueRow[],
  xMetric: string,
  yMetric: string,
  options: ScatterOptions = {},
): VegaLiteSpec {
  const xUnit = metricUnit(rows, xMetric);
  const yUnit = metricUnit(rows, yMetric);
  const measured = rows.filter((r) => r.metrics[xMetric] !== undefined && r.metrics[yMetric] !== undefined);
  const xd = displayUnit(
    xUnit,
    measured.map((r) => r.metrics[xMetric].value),
  );
  const yd = displayUnit(
    yUnit,
    measured.map((r) => r.metrics[yMetric].value),
  );
  const onFrontier = new Set(options.frontier ?? []);
  const values = measured.map((r) => ({
    technique: r.technique,
    x: r.metrics[xMetric].value * xd.factor,
    y: r.metrics[yMetric].value * yd.factor,
    frontier: onFrontier.has(r.technique),
  }));
  const layer: NonNullable<Extract<VegaLiteSpec, { layer: unknown }>['layer']> = [];
  if (onFrontier.size > 0) {
    layer.push({
      transform: [{ filter: 'datum.frontier' }],
      mark: { type: 'line', color: CHART_COLORS.secondary, strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { order: { field: 'x', type: 'quantitative' } },
    });
  }
  layer.push(
    {
      mark: { type: 'point', filled: true, size: 70, opacity: 1 },
      encoding: {
        // Also puts the technique into each point's aria-label.
        tooltip: [{ field: 'technique', title: 'technique' }],
        color: {
          condition: { test: 'datum.frontier', value: CHART_COLORS.secondary },
          value: CHART_COLORS.primary,
        },
      },
    },
    {
      mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11, color: INK },
      encoding: { text: { field: 'technique' } },
    },
  );
  return {
    $schema: SCHEMA,
    description: `${yMetric} vs ${xMetric}`,
    config: CHART_CONFIG,
    data: { values },
    width: 420,
    height: 280,
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: withUnit(xMetric, xd),
        scale: { zero: false, nice: true },
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: withUnit(yMetric, yd),
        scale: { zero: false, nice: true },
      },
    },
    layer,
  };
}
