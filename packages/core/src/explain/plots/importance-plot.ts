/** Global feature importance with spread (e.g. permutation importance) as a Vega-Lite bar chart with error bars. */
import type { VegaLiteSpec } from '../../report/index.ts';
import { CHART_COLORS } from '../../report/index.ts';
import { CHART_CONFIG, SCHEMA } from './common.ts';

/** Bars of `mean` (largest first, at most `maxDisplay`, default 15) with ±`std` whiskers; `axisTitle` names the measure. */
export function importanceBarSpec(
  items: readonly { feature: string; mean: number; std?: number }[],
  opts: { axisTitle?: string; maxDisplay?: number; title?: string } = {},
): VegaLiteSpec {
  const values = [...items]
    .sort((a, b) => b.mean - a.mean)
    .slice(0, opts.maxDisplay ?? 15)
    .map((it) => ({
      feature: it.feature,
      mean: it.mean,
      lo: it.mean - (it.std ?? 0),
      hi: it.mean + (it.std ?? 0),
    }));
  return {
    $schema: SCHEMA,
    description: opts.title ?? 'feature importance',
    config: CHART_CONFIG,
    data: { values },
    width: 300,
    height: { step: 22 },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: null, title: null, axis: { labelLimit: 220 } },
    },
    layer: [
      {
        mark: { type: 'bar', color: CHART_COLORS.primary, height: { band: 0.7 } },
        encoding: { x: { field: 'mean', type: 'quantitative', title: opts.axisTitle ?? 'importance' } },
      },
      {
        mark: { type: 'rule', color: '#111827' },
        encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
      },
    ],
  };
}
