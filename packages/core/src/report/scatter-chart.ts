/**
 * The trade-off chart of the technique matrix: two metrics against each other, a point
 * per technique, labels placed so that none overlaps (label-layout.ts).
 */
import { CHART_COLORS, CHART_CONFIG } from './charts.ts';
import { placeLabels } from './label-layout.ts';
import type { VegaLiteSpec } from './render-svg.ts';
import {
  axisLimits,
  metricTitle,
  metricUnit,
  paddedDomain,
  rowsWith,
  wrapWords,
} from './technique-charts.ts';
import type { TechniqueRow } from './types.ts';
import { displayUnit, withUnit } from './units.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const INK = '#1f2937';
const MUTED = '#6b7280';

/** Options of `scatterSpec`. */
export interface ScatterOptions {
  /** Techniques on the trade-off frontier: drawn in the accent colour and joined in x order. Default none. */
  frontier?: readonly string[];
}

const SCATTER_W = 420;
const SCATTER_H = 280;

/**
 * A point per technique with `xMetric` across and `yMetric` up, on axes zoomed to the
 * data (10 % margin), each point labelled with its technique where the label clears
 * every other label and point (see placeLabels); a point with no room is listed in the
 * chart's subtitle instead. Axis titles carry the units. Rows missing either metric,
 * and skipped rows, are left out. `options.frontier` marks the Pareto frontier.
 */
export function scatterSpec(
  rows: readonly TechniqueRow[],
  xMetric: string,
  yMetric: string,
  options: ScatterOptions = {},
): VegaLiteSpec {
  const xUnit = metricUnit(rows, xMetric);
  const yUnit = metricUnit(rows, yMetric);
  const measured = rowsWith(rows, xMetric, yMetric);
  const xd = displayUnit(
    xUnit,
    measured.map((r) => r.metrics[xMetric].value),
  );
  const yd = displayUnit(
    yUnit,
    measured.map((r) => r.metrics[yMetric].value),
  );
  const onFrontier = new Set(options.frontier ?? []);
  const pts = measured.map((r) => ({
    technique: r.technique,
    x: r.metrics[xMetric].value * xd.factor,
    y: r.metrics[yMetric].value * yd.factor,
    frontier: onFrontier.has(r.technique),
  }));
  const xDomain = paddedDomain(
    pts.map((p) => p.x),
    0.1,
    axisLimits(
      xUnit,
      pts.map((p) => p.x),
    ),
  );
  const yDomain = paddedDomain(
    pts.map((p) => p.y),
    0.1,
    axisLimits(
      yUnit,
      pts.map((p) => p.y),
    ),
  );
  const px = (x: number) => ((x - xDomain[0]) / (xDomain[1] - xDomain[0])) * SCATTER_W;
  const py = (y: number) => SCATTER_H - ((y - yDomain[0]) / (yDomain[1] - yDomain[0])) * SCATTER_H;
  const { placed, unplaced } = placeLabels(
    pts.map((p) => ({ x: px(p.x), y: py(p.y), text: p.technique })),
    SCATTER_W,
    SCATTER_H,
  );
  // Labels go back into data units so they ride the same scales as the points.
  const labels = placed.map((l) => ({
    technique: l.text,
    x: xDomain[0] + (l.x / SCATTER_W) * (xDomain[1] - xDomain[0]),
    y: yDomain[0] + ((SCATTER_H - l.y) / SCATTER_H) * (yDomain[1] - yDomain[0]),
    align: l.align,
  }));
  const layer: NonNullable<Extract<VegaLiteSpec, { layer: unknown }>['layer']> = [];
  if (onFrontier.size > 0) {
    layer.push({
      data: { values: pts },
      transform: [{ filter: 'datum.frontier' }],
      mark: { type: 'line', color: CHART_COLORS.secondary, strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { order: { field: 'x', type: 'quantitative' } },
    });
  }
  layer.push({
    data: { values: pts },
    mark: { type: 'point', filled: true, size: 70, opacity: 1 },
    encoding: {
      // Also puts the technique into each point's aria-label.
      tooltip: [{ field: 'technique', title: 'technique' }],
      color: {
        condition: { test: 'datum.frontier', value: CHART_COLORS.secondary },
        value: CHART_COLORS.primary,
      },
    },
  });
  for (const align of ['left', 'right', 'center'] as const) {
    const these = labels.filter((l) => l.align === align);
    if (these.length === 0) continue;
    layer.push({
      data: { values: these },
      mark: { type: 'text', align, baseline: 'middle', fontSize: 11, color: INK },
      encoding: { text: { field: 'technique' } },
    });
  }
  // A crowded point is named above the chart rather than under another label.
  const title =
    unplaced.length > 0
      ? {
          title: {
            text: wrapWords(`Not labelled (no room): ${unplaced.join(', ')}`, 64),
            color: MUTED,
            fontSize: 11,
            fontWeight: 400,
            anchor: 'start',
          } as const,
        }
      : undefined;
  return {
    $schema: SCHEMA,
    description: `${yMetric} vs ${xMetric}`,
    ...title,
    config: CHART_CONFIG,
    width: SCATTER_W,
    height: SCATTER_H,
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: withUnit(metricTitle(xMetric), xd),
        scale: { domain: xDomain, zero: false, nice: false },
        axis: { tickCount: 6 },
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: withUnit(metricTitle(yMetric), yd),
        scale: { domain: yDomain, zero: false, nice: false },
        axis: { tickCount: 6 },
      },
    },
    layer,
  };
}
