/**
 * Charts of the technique matrix: one metric across techniques (bars from zero, or dots
 * on an axis zoomed to the data when differences are small next to the values), and
 * the helpers the trade-off scatter (scatter-chart.ts) shares. Skipped rows never appear.
 */
import { FrontierError } from '../util/errors.ts';
import { CHART_COLORS, CHART_CONFIG } from './charts.ts';
import type { VegaLiteSpec } from './render-svg.ts';
import type { TechniqueRow } from './types.ts';
import { displayUnit, withUnit } from './units.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const INK = '#1f2937';
/**
 * Technique names longer than this (in pixels, as vega estimates without a canvas:
 * 0.8 em a character, so about 27 characters at 11 px) are cut with an ellipsis.
 */
const LABEL_LIMIT = 240;

/** `text` as lines of at most `width` characters, broken after spaces (a longer word keeps its own line). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Readable names of the metrics `frontier evaluate` measures; other keys are shown as they are. */
const METRIC_TITLES: Record<string, string> = {
  accuracy: 'Accuracy',
  gzipBytes: 'Size (gzip)',
  bytes: 'Size (raw)',
  latencyP50: 'p50 latency',
  latencyP99: 'p99 latency',
  throughput: 'Throughput',
  deltaAccuracy: 'Δ accuracy',
  attributionRankCorrelation: 'Attribution rank correlation',
  attributionTopKOverlap: 'Attribution top-k overlap',
  sparsity: 'Sparsity',
  packedBytes: 'Packed size',
  epsilon: 'Privacy budget ε',
};

/** The readable name of metric `key` (e.g. `latencyP50` → `p50 latency`). */
export function metricTitle(key: string): string {
  return METRIC_TITLES[key] ?? key;
}

/** Rows that were measured (not skipped) and have `key`. */
export function rowsWith(rows: readonly TechniqueRow[], ...keys: string[]): TechniqueRow[] {
  return rows.filter((r) => r.skipped === undefined && keys.every((k) => r.metrics[k] !== undefined));
}

/** The unit of `metricKey` across `rows`; throws when rows disagree, since one axis cannot show two units. */
export function metricUnit(rows: readonly TechniqueRow[], metricKey: string): string {
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
 * An axis domain around `values` with `pad` of their spread on each side (a flat series
 * gets ±2 % of its value, or ±1), kept inside `limits` (e.g. 0–100 for percentages).
 */
export function paddedDomain(
  values: readonly number[],
  pad: number,
  limits: [number, number] = [-Infinity, Infinity],
): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const spread = hi - lo > 0 ? hi - lo : Math.abs(hi) * 0.02 || 1;
  const d = hi - lo > 0 ? spread * pad : spread;
  return [Math.max(limits[0], lo - d), Math.min(limits[1], hi + d)];
}

/** Where a zoomed axis must stop: 0–100 for percentages, 0 below for values that are all ≥ 0. */
export function axisLimits(unit: string, values: readonly number[]): [number, number] {
  if (unit === 'ratio') return [0, 100];
  return [values.every((v) => v >= 0) ? 0 : -Infinity, Infinity];
}

/**
 * Whether `values` in `unit` read better as dots on a zoomed axis than as bars from
 * zero: ratios (accuracy never varies over 0–100 %), anything negative, and series
 * whose smallest value is ≥ 80 % of the largest (bars would all look the same length).
 */
export function zoomsBetter(unit: string, values: readonly number[]): boolean {
  if (unit === 'ratio' || unit === 'pp') return true;
  if (values.some((v) => v < 0)) return true;
  const hi = Math.max(...values);
  return values.length > 1 && hi > 0 && Math.min(...values) >= 0.8 * hi;
}

function scaled(rows: readonly TechniqueRow[], metricKey: string) {
  const unit = metricUnit(rows, metricKey);
  const measured = rowsWith(rows, metricKey);
  const display = displayUnit(
    unit,
    measured.map((r) => r.metrics[metricKey].value),
  );
  const values = measured.map((r) => ({
    technique: r.technique,
    value: r.metrics[metricKey].value * display.factor,
  }));
  return { unit, display, values, format: `,.${display.decimals}f` };
}

const techniqueAxis = {
  field: 'technique',
  type: 'nominal',
  sort: null,
  title: null,
  axis: { labelLimit: LABEL_LIMIT },
} as const;

/**
 * One horizontal bar per technique (in row order) for one metric, from zero, the value
 * printed at the bar's end; the axis title carries the unit (ratios in %, bytes in
 * KiB/MiB). Rows without the metric, and skipped rows, are left out. Throws
 * REPORT_UNIT_MISMATCH if rows disagree on its unit.
 */
export function techniqueBarSpec(rows: readonly TechniqueRow[], metricKey: string): VegaLiteSpec {
  const { unit, display, values, format } = scaled(rows, metricKey);
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
      y: techniqueAxis,
      x: {
        field: 'value',
        type: 'quantitative',
        title: withUnit(metricTitle(metricKey), display),
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

/**
 * One dot per technique (in row order) for one metric on an axis zoomed to the data
 * (zero not included, 15 % of the spread as margin, percentages kept within 0–100),
 * so that a 0.3-point accuracy difference is visible. The value is printed beside each
 * dot, on the side with room. Same rules as techniqueBarSpec for units and rows.
 */
export function techniqueDotSpec(rows: readonly TechniqueRow[], metricKey: string): VegaLiteSpec {
  const { unit, display, values, format } = scaled(rows, metricKey);
  const domain = paddedDomain(
    values.map((v) => v.value),
    0.15,
    axisLimits(
      unit,
      values.map((v) => v.value),
    ),
  );
  // Dots in the right third carry their value on the left, the others on the right.
  const right = `datum.value > ${domain[0] + 0.65 * (domain[1] - domain[0])}`;
  const text = { text: { field: 'value', type: 'quantitative', format } } as const;
  return {
    $schema: SCHEMA,
    description: `${metricKey} by technique`,
    config: CHART_CONFIG,
    data: { values },
    width: 260,
    height: { step: 24 },
    encoding: {
      y: { ...techniqueAxis, axis: { ...techniqueAxis.axis, grid: true, tickBand: 'center' } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: withUnit(metricTitle(metricKey), display),
        scale: { domain, zero: false, nice: false },
        axis: { tickCount: 5 },
      },
    },
    layer: [
      { mark: { type: 'point', filled: true, size: 70, opacity: 1, color: CHART_COLORS.primary } },
      {
        transform: [{ filter: `!(${right})` }],
        mark: { type: 'text', align: 'left', dx: 8, color: INK, fontSize: 11 },
        encoding: text,
      },
      {
        transform: [{ filter: right }],
        mark: { type: 'text', align: 'right', dx: -8, color: INK, fontSize: 11 },
        encoding: text,
      },
    ],
  };
}

/** The chart that shows `metricKey` best: techniqueDotSpec when zoomsBetter, else techniqueBarSpec. */
export function techniqueMetricSpec(rows: readonly TechniqueRow[], metricKey: string): VegaLiteSpec {
  const unit = metricUnit(rows, metricKey);
  const values = rowsWith(rows, metricKey).map((r) => r.metrics[metricKey].value);
  return zoomsBetter(unit, values) ? techniqueDotSpec(rows, metricKey) : techniqueBarSpec(rows, metricKey);
}
