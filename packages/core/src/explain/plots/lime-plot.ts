/** LIME's explanation as a bar chart (Vega-Lite): one bar per selected feature, signed weight. */
import type { VegaLiteSpec } from '../../report/index.ts';
import type { LimeRowExplanation } from '../lime.ts';
import { CHART_CONFIG, NEGATIVE, POSITIVE, SCHEMA, signed } from './common.ts';

/** Horizontal bars of the surrogate weights, largest |weight| on top, labelled by the feature's condition. */
export function limeBarSpec(
  e: LimeRowExplanation,
  opts: { title?: string; outputName?: string } = {},
): VegaLiteSpec {
  const values = [...e.features]
    .sort((p, q) => Math.abs(q.weight) - Math.abs(p.weight))
    .map((f) => ({ feature: f.description, weight: f.weight, text: signed(f.weight), up: f.weight > 0 }));
  return {
    $schema: SCHEMA,
    description: opts.title ?? `LIME explanation of ${opts.outputName ?? `output ${e.output}`}`,
    config: CHART_CONFIG,
    data: { values },
    width: 300,
    height: { step: 24 },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } },
      x: { field: 'weight', type: 'quantitative', title: `local weight (R² ${e.score.toFixed(2)})` },
    },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          color: {
            field: 'up',
            type: 'nominal',
            scale: { domain: [true, false], range: [POSITIVE, NEGATIVE] },
            legend: null,
          },
        },
      },
      { mark: { type: 'text', dy: -11, fontSize: 10 }, encoding: { text: { field: 'text' } } },
    ],
  };
}
