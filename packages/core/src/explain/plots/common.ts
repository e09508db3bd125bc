/** What the explanation charts share: schema, look, the SHAP colours, ordering helpers. */
import { CHART_CONFIG } from '../../report/index.ts';
import type { Attribution } from '../types.ts';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export { CHART_CONFIG };
/** Pushes the output up (red) / down (blue), as in the SHAP papers' figures. */
export const POSITIVE = '#ff0d57';
export const NEGATIVE = '#1e88e5';

/** Feature indices by mean |φ| over rows for `output`, largest first. */
export function featuresByImportance(a: Attribution, output: number): { index: number; meanAbs: number }[] {
  const out: { index: number; meanAbs: number }[] = [];
  for (let j = 0; j < a.features; j++) {
    let s = 0;
    for (let r = 0; r < a.rows; r++) s += Math.abs(a.values[(r * a.features + j) * a.outputs + output]);
    out.push({ index: j, meanAbs: s / a.rows });
  }
  return out.sort((p, q) => q.meanAbs - p.meanAbs || p.index - q.index);
}

/** A number with 3 significant digits and an explicit sign, e.g. `+0.123`, `−1.5e+3` stays readable. */
export function signed(v: number): string {
  const s = Number(v.toPrecision(3)).toString();
  return v > 0 ? `+${s}` : s;
}

/** A vega expression that maps an axis tick's integer value to `labels[value]`. */
export function indexLabelExpr(labels: string[]): string {
  return `${JSON.stringify(labels)}[round(datum.value)] || ''`;
}
