/**
 * Vega-Lite specs of a study: optimization history, parameter importance and
 * parallel coordinates. Pure functions (data in, spec out), rendered to SVG by the
 * report module's renderSvg. Parameter names only appear as data values.
 */
import { CHART_COLORS, CHART_CONFIG, type VegaLiteSpec } from '../report/index.ts';
import type { ParamImportance } from './importance.ts';
import type { TrialRecord } from './optimize.ts';
import { internalBounds, sameValue, toInternal, type SearchSpace } from './space.ts';
import type { Direction } from './types.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The objective of a trial: its final value if finished, else its last intermediate value. */
export function trialValue(t: TrialRecord): number | undefined {
  if (t.state === 'finished' && t.value !== undefined) return t.value;
  return t.intermediate.length > 0 ? t.intermediate[t.intermediate.length - 1][1] : undefined;
}

/** The best finished value after each finished trial, by trial number: [number, best]. */
export function bestSoFar(trials: readonly TrialRecord[], direction: Direction): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let best: number | undefined;
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    if (t.state !== 'finished' || t.value === undefined) continue;
    if (best === undefined || (direction === 'maximize' ? t.value > best : t.value < best)) best = t.value;
    out.push([t.number, best]);
  }
  return out;
}

/** Optimization history: a point per trial (coloured by state) and the best-so-far step line. */
export function historySpec(
  trials: readonly TrialRecord[],
  metric: string,
  direction: Direction,
): VegaLiteSpec {
  const points = trials.flatMap((t) => {
    const v = trialValue(t);
    return v === undefined ? [] : [{ trial: t.number, value: v, state: t.state }];
  });
  const best = bestSoFar(trials, direction).map(([trial, value]) => ({ trial, value }));
  return {
    $schema: SCHEMA,
    description: 'Optimization history',
    config: CHART_CONFIG,
    width: 420,
    height: 240,
    layer: [
      {
        data: { values: best },
        mark: { type: 'line', interpolate: 'step-after', color: CHART_COLORS.secondary, strokeWidth: 2 },
        encoding: {
          x: { field: 'trial', type: 'quantitative', title: 'trial', axis: { format: 'd', tickMinStep: 1 } },
          y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          x: { field: 'trial', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative' },
          color: {
            field: 'state',
            type: 'nominal',
            title: null,
            scale: {
              domain: ['finished', 'pruned', 'failed', 'running'],
              range: [CHART_COLORS.primary, '#9ca3af', '#dc2626', '#10b981'],
            },
          },
        },
      },
    ],
  };
}

/** Horizontal bars of η² per parameter, most important on top. */
export function importanceSpec(importance: readonly ParamImportance[]): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    description: 'Parameter importance',
    config: CHART_CONFIG,
    data: { values: importance.map((i) => ({ param: i.param, eta2: i.eta2 })) },
    width: 300,
    height: { step: 24 },
    mark: { type: 'bar', color: CHART_COLORS.primary, height: { band: 0.7 } },
    encoding: {
      y: { field: 'param', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
      x: {
        field: 'eta2',
        type: 'quantitative',
        title: 'η² (variance explained alone)',
        scale: { domain: [0, 1] },
      },
    },
  };
}

/**
 * Rows of the parallel-coordinates chart: one per (trial, axis) with the value
 * scaled to [0, 1] within the axis (numeric params in their internal, log where
 * log, coordinate; choices by index; the objective by its range) and the raw value
 * as text. Inactive parameters are left out of that trial's line.
 */
export function parallelRows(trials: readonly TrialRecord[], space: SearchSpace, metric: string) {
  const scored = trials.map((t) => ({ t, v: trialValue(t) })).filter((e) => e.v !== undefined);
  const vs = scored.map((e) => e.v!);
  const [lo, hi] = [Math.min(...vs), Math.max(...vs)];
  const rows: Array<{ trial: number; axis: string; y: number; label: string; objective: number }> = [];
  for (const { t, v } of scored) {
    for (const [name, spec] of Object.entries(space)) {
      if (!(name in t.params)) continue;
      const raw = t.params[name];
      let y: number;
      if (spec.type === 'choice') {
        const i = spec.values.findIndex((u) => sameValue(u, raw));
        y = spec.values.length > 1 ? i / (spec.values.length - 1) : 0.5;
      } else {
        const [a, b] = internalBounds(spec);
        y = b > a ? (toInternal(spec, raw as number) - a) / (b - a) : 0.5;
      }
      rows.push({ trial: t.number, axis: name, y, label: JSON.stringify(raw), objective: v! });
    }
    rows.push({
      trial: t.number,
      axis: metric,
      y: hi > lo ? (v! - lo) / (hi - lo) : 0.5,
      label: v!.toFixed(4),
      objective: v!,
    });
  }
  return rows;
}

/** Parallel coordinates: a line per trial across the parameter axes and the objective, coloured by the objective. */
export function parallelSpec(
  trials: readonly TrialRecord[],
  space: SearchSpace,
  metric: string,
): VegaLiteSpec {
  const axes = [...Object.keys(space), metric];
  return {
    $schema: SCHEMA,
    description: 'Parallel coordinates',
    config: CHART_CONFIG,
    data: { values: parallelRows(trials, space, metric) },
    width: Math.max(300, 130 * axes.length),
    height: 240,
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.75 },
        encoding: {
          x: {
            field: 'axis',
            type: 'nominal',
            sort: axes,
            title: null,
            axis: { labelAngle: 0, labelLimit: 160, grid: true },
          },
          y: {
            field: 'y',
            type: 'quantitative',
            title: 'scaled within axis (low → high)',
            scale: { domain: [0, 1] },
          },
          detail: { field: 'trial', type: 'nominal' },
          color: { field: 'objective', type: 'quantitative', title: metric, scale: { scheme: 'viridis' } },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 14, color: '#1f2937' },
        encoding: {
          x: { field: 'axis', type: 'nominal', sort: axes },
          y: { field: 'y', type: 'quantitative' },
          tooltip: [{ field: 'label', title: 'value' }],
        },
      },
    ],
  };
}
