/**
 * SHAP plots as Vega-Lite specs (render with `renderSvg`): global bar, summary
 * (beeswarm), force, waterfall and dependence plots over an `Attribution`.
 */
import type { VegaLiteSpec } from '../../report/index.ts';
import type { Attribution } from '../types.ts';
import {
  CHART_CONFIG,
  featuresByImportance,
  indexLabelExpr,
  NEGATIVE,
  POSITIVE,
  SCHEMA,
  signed,
} from './common.ts';

/** Options shared by the SHAP plots: which output (default 0) and how many features to show (default 10). */
export interface ShapPlotOptions {
  output?: number;
  maxDisplay?: number;
  title?: string;
}

const phi = (a: Attribution, r: number, j: number, o: number): number =>
  a.values[(r * a.features + j) * a.outputs + o];

/** Global importance: one bar per feature of mean |φ| over the explained rows, largest on top, value printed. */
export function shapBarSpec(a: Attribution, opts: ShapPlotOptions = {}): VegaLiteSpec {
  const o = opts.output ?? 0;
  const top = featuresByImportance(a, o).slice(0, opts.maxDisplay ?? 10);
  return {
    $schema: SCHEMA,
    description: opts.title ?? 'mean |SHAP value|',
    config: CHART_CONFIG,
    data: { values: top.map((t) => ({ feature: a.featureNames[t.index], value: t.meanAbs })) },
    width: 300,
    height: { step: 22 },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: null, title: null, axis: { labelLimit: 200 } },
      x: { field: 'value', type: 'quantitative', title: 'mean |SHAP value|' },
    },
    layer: [
      { mark: { type: 'bar', color: POSITIVE, height: { band: 0.7 } } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { text: { field: 'value', type: 'quantitative', format: '.3~g' } },
      },
    ],
  };
}

/**
 * Spreads points that share a feature row vertically so they do not overlap: points are
 * binned along x and stacked outward from the row's centre line within each bin.
 */
export function beeswarmOffsets(xs: readonly number[], bins = 60, step = 0.06, max = 0.42): number[] {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const width = (hi - lo) / bins || 1;
  const used = new Map<number, number>();
  return xs.map((x) => {
    const b = Math.floor((x - lo) / width);
    const k = used.get(b) ?? 0;
    used.set(b, k + 1);
    const off = Math.ceil(k / 2) * step * (k % 2 === 0 ? 1 : -1);
    return Math.max(-max, Math.min(max, off));
  });
}

/**
 * Summary (beeswarm) plot: a row per feature (most important on top), a dot per
 * explained row at its φ, coloured by the feature's value (blue low → red high, scaled
 * per feature between its min and max).
 */
export function shapSummarySpec(a: Attribution, opts: ShapPlotOptions = {}): VegaLiteSpec {
  const o = opts.output ?? 0;
  const top = featuresByImportance(a, o).slice(0, opts.maxDisplay ?? 10);
  const labels = top.map((t) => a.featureNames[t.index]);
  const values: { feature: string; y: number; shap: number; value: number; level: number }[] = [];
  top.forEach((t, rank) => {
    const j = t.index;
    const xs = Array.from({ length: a.rows }, (_, r) => phi(a, r, j, o));
    const vs = Array.from({ length: a.rows }, (_, r) => a.data[r * a.features + j]);
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    const offsets = beeswarmOffsets(xs);
    xs.forEach((x, r) =>
      values.push({
        feature: labels[rank],
        y: rank + offsets[r],
        shap: x,
        value: vs[r],
        level: hi > lo ? (vs[r] - lo) / (hi - lo) : 0.5,
      }),
    );
  });
  return {
    $schema: SCHEMA,
    description: opts.title ?? 'SHAP summary',
    config: CHART_CONFIG,
    data: { values },
    width: 360,
    height: Math.max(60, 26 * top.length),
    layer: [
      { mark: { type: 'rule', color: '#9ca3af' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'circle', size: 18, opacity: 0.85 },
        encoding: {
          x: { field: 'shap', type: 'quantitative', title: 'SHAP value (impact on model output)' },
          y: {
            field: 'y',
            type: 'quantitative',
            title: null,
            scale: { domain: [top.length - 0.5, -0.5], nice: false, zero: false },
            axis: {
              values: top.map((_, i) => i),
              labelExpr: indexLabelExpr(labels),
              grid: false,
              labelLimit: 200,
            },
          },
          color: {
            field: 'level',
            type: 'quantitative',
            title: 'feature value',
            scale: { domain: [0, 1], range: [NEGATIVE, POSITIVE] },
            legend: {
              labelExpr: "datum.value === 0 ? 'low' : datum.value === 1 ? 'high' : ''",
              values: [0, 1],
            },
          },
          tooltip: [
            { field: 'feature', type: 'nominal' },
            { field: 'value', type: 'quantitative', title: 'value' },
            { field: 'shap', type: 'quantitative', title: 'SHAP', format: '.3~g' },
          ],
        },
      },
    ],
  };
}

/** The contributions of one row, largest |φ| first, the tail beyond `maxDisplay − 1` merged into one "N other features" entry. */
export function rowContributions(
  a: Attribution,
  row: number,
  output: number,
  maxDisplay: number,
): { label: string; phi: number }[] {
  const items = Array.from({ length: a.features }, (_, j) => ({
    label: `${a.featureNames[j]} = ${Number(a.data[row * a.features + j].toPrecision(4))}`,
    phi: phi(a, row, j, output),
  }))
    .filter((it) => it.phi !== 0)
    .sort((p, q) => Math.abs(q.phi) - Math.abs(p.phi));
  if (items.length <= maxDisplay) return items;
  const kept = items.slice(0, maxDisplay - 1);
  const rest = items.slice(maxDisplay - 1);
  kept.push({ label: `${rest.length} other features`, phi: rest.reduce((s, it) => s + it.phi, 0) });
  return kept;
}

/**
 * Waterfall plot of one row: from the base value E[f(x)] at the bottom, one bar per
 * feature (largest |φ| on top) moves the running total by φ, ending at f(x). Each bar
 * is labelled with its signed φ; rules mark E[f(x)] and f(x).
 */
export function shapWaterfallSpec(a: Attribution, row: number, opts: ShapPlotOptions = {}): VegaLiteSpec {
  const o = opts.output ?? 0;
  const items = rowContributions(a, row, o, opts.maxDisplay ?? 10).reverse();
  let total = a.baseValues[o];
  const values = items.map((it) => {
    const start = total;
    total += it.phi;
    return {
      label: it.label,
      start,
      end: total,
      right: Math.max(start, total),
      phi: it.phi,
      text: signed(it.phi),
      up: it.phi > 0,
    };
  });
  const order = [...values].reverse().map((v) => v.label);
  const fx = a.outputsAtX[row * a.outputs + o];
  return {
    $schema: SCHEMA,
    description: opts.title ?? `SHAP waterfall, row ${row}`,
    config: CHART_CONFIG,
    width: 380,
    height: { step: 24 },
    layer: [
      {
        data: { values },
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 320 } },
          x: {
            field: 'start',
            type: 'quantitative',
            title: `E[f(x)] = ${signed(a.baseValues[o])} → f(x) = ${signed(fx)}`,
            scale: { zero: false },
          },
          x2: { field: 'end' },
          color: {
            field: 'up',
            type: 'nominal',
            scale: { domain: [true, false], range: [POSITIVE, NEGATIVE] },
            legend: null,
          },
        },
      },
      {
        data: { values },
        // The signed φ just right of each bar, so it never covers a neighbour.
        mark: { type: 'text', fontSize: 10, align: 'left', dx: 3 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: order },
          x: { field: 'right', type: 'quantitative' },
          text: { field: 'text' },
        },
      },
      {
        data: { values: [{ at: a.baseValues[o] }, { at: fx }] },
        mark: { type: 'rule', strokeDash: [3, 3], color: '#6b7280' },
        encoding: { x: { field: 'at', type: 'quantitative' } },
      },
    ],
  };
}

/**
 * Force plot of one row: on one axis, red segments (φ > 0) push the output up from the
 * base value and blue segments (φ < 0) push it down, meeting at f(x). The red segments
 * stack from E[f(x)] upward; the blue ones stack back down from there to f(x).
 */
export function shapForceSpec(a: Attribution, row: number, opts: ShapPlotOptions = {}): VegaLiteSpec {
  const o = opts.output ?? 0;
  const items = rowContributions(a, row, o, opts.maxDisplay ?? 10);
  const base = a.baseValues[o];
  const fx = a.outputsAtX[row * a.outputs + o];
  const segs: { label: string; start: number; end: number; lane: string; up: boolean; text: string }[] = [];
  let at = base;
  for (const it of items.filter((i) => i.phi > 0)) {
    segs.push({
      label: it.label,
      start: at,
      end: at + it.phi,
      lane: 'higher',
      up: true,
      text: signed(it.phi),
    });
    at += it.phi;
  }
  for (const it of items.filter((i) => i.phi < 0)) {
    segs.push({
      label: it.label,
      start: at + it.phi,
      end: at,
      lane: 'lower',
      up: false,
      text: signed(it.phi),
    });
    at += it.phi;
  }
  const ends = segs.flatMap((g) => [g.start, g.end]).concat(base, fx);
  const span = Math.max(...ends) - Math.min(...ends) || 1;
  return {
    $schema: SCHEMA,
    description: opts.title ?? `SHAP force plot, row ${row}`,
    config: CHART_CONFIG,
    width: 520,
    height: 90,
    layer: [
      {
        data: { values: segs },
        mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: {
            field: 'start',
            type: 'quantitative',
            title: `base value ${signed(base)} → f(x) ${signed(fx)}`,
            scale: { zero: false },
          },
          x2: { field: 'end' },
          y: { field: 'lane', type: 'nominal', sort: ['higher', 'lower'], title: null },
          color: {
            field: 'up',
            type: 'nominal',
            scale: { domain: [true, false], range: [POSITIVE, NEGATIVE] },
            legend: null,
          },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'feature' },
            { field: 'text', type: 'nominal', title: 'SHAP' },
          ],
        },
      },
      {
        // Name the segments wide enough to hold a label (≥ 12% of the drawn span).
        data: {
          values: segs
            .filter((g) => g.end - g.start >= 0.12 * span)
            .map((g) => ({ ...g, mid: (g.start + g.end) / 2 })),
        },
        mark: { type: 'text', fontSize: 9, color: 'white', limit: 110 },
        encoding: {
          x: { field: 'mid', type: 'quantitative' },
          y: { field: 'lane', type: 'nominal', sort: ['higher', 'lower'] },
          text: { field: 'label' },
        },
      },
      {
        data: {
          values: [
            { at: base, what: 'base value' },
            { at: fx, what: 'f(x)' },
          ],
        },
        mark: { type: 'rule', strokeWidth: 2, color: '#111827' },
        encoding: { x: { field: 'at', type: 'quantitative' } },
      },
    ],
  };
}

/**
 * Dependence plot of one feature: a dot per explained row at (feature value, φ), coloured
 * by `colorBy` (a feature index; default the other feature whose values correlate most
 * with this feature's φ, a proxy for the strongest interaction).
 */
export function shapDependenceSpec(
  a: Attribution,
  feature: number,
  opts: ShapPlotOptions & { colorBy?: number } = {},
): VegaLiteSpec {
  const o = opts.output ?? 0;
  const xs = Array.from({ length: a.rows }, (_, r) => a.data[r * a.features + feature]);
  const ys = Array.from({ length: a.rows }, (_, r) => phi(a, r, feature, o));
  const colorBy = opts.colorBy ?? strongestCorrelate(a, ys, feature);
  const values = xs.map((x, r) => ({
    value: x,
    shap: ys[r],
    color: colorBy === undefined ? 0 : a.data[r * a.features + colorBy],
  }));
  const name = a.featureNames[feature];
  return {
    $schema: SCHEMA,
    description: opts.title ?? `SHAP dependence of ${name}`,
    config: CHART_CONFIG,
    data: { values },
    width: 320,
    height: 220,
    mark: { type: 'circle', size: 24, opacity: 0.85 },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: name, scale: { zero: false } },
      y: { field: 'shap', type: 'quantitative', title: `SHAP value for ${name}` },
      color:
        colorBy === undefined
          ? { value: POSITIVE }
          : {
              field: 'color',
              type: 'quantitative',
              title: a.featureNames[colorBy],
              scale: { range: [NEGATIVE, POSITIVE] },
            },
    },
  };
}

/** The feature other than `feature` whose values have the largest |Pearson r| with `ys`. */
function strongestCorrelate(a: Attribution, ys: number[], feature: number): number | undefined {
  let best: number | undefined;
  let bestR = -1;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  for (let j = 0; j < a.features; j++) {
    if (j === feature) continue;
    const xs = ys.map((_, r) => a.data[r * a.features + j]);
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    xs.forEach((x, r) => {
      sxy += (x - mx) * (ys[r] - my);
      sxx += (x - mx) ** 2;
      syy += (ys[r] - my) ** 2;
    });
    const r = sxx > 0 && syy > 0 ? Math.abs(sxy / Math.sqrt(sxx * syy)) : 0;
    if (r > bestR) {
      bestR = r;
      best = j;
    }
  }
  return best;
}
