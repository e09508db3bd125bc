/**
 * The one number that says what a technique did to the model (its "key figure"),
 * derived from the row's own metrics by a small fixed rule, so the summary table can
 * show pruning, quantization, distillation and privacy rows side by side.
 */
import type { Measure, TechniqueRow } from './types.ts';
import { displayUnit, formatScaled } from './units.ts';

const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;

/** `v` with three significant digits, without trailing zeros noise (`0.00312`, `12.3`, `4,096`). */
function sig3(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(3)).toString();
}

/** Bits of raw (uncompressed) weight file per parameter, when both are measured. */
function bitsPerWeight(metrics: Record<string, Measure>): number | undefined {
  const bytes = metrics.bytes;
  const params = metrics.parameters;
  if (bytes?.unit !== 'bytes' || params === undefined || !(params.value > 0)) return undefined;
  return (bytes.value * 8) / params.value;
}

/**
 * The key figure of `row` as short text, or `undefined` when none applies. The first
 * rule that matches wins:
 *
 * 1. `sparsity` (a ratio)            → `sparsity 90.0 %`
 * 2. `epsilon` (privacy budget)       → `ε = 3.00`
 * 3. `bits` (weight precision)        → `8 bits`
 * 4. `parameters` below the reference → `params 24.8 %` (of the reference's)
 * 5. `packedBytes`                    → `packed 14.2 KiB`
 * 6. raw `bytes` per parameter, when ≥ 10 % away from the reference's → `8.3 bits/weight`
 * 7. `shiftedAccuracy` (a ratio)      → `shifted acc. 91.2 %`
 * 8. the first `tuned.<name>` metric  → `<name> = 0.00312`
 *
 * `reference` is the row the others are compared with (the baseline); rules 4 and 6
 * need it, and never fire on the reference itself.
 */
export function keyFigure(row: TechniqueRow, reference?: TechniqueRow): string | undefined {
  const m = row.metrics;
  if (m.sparsity !== undefined) return `sparsity ${pct(m.sparsity.value)}`;
  if (m.epsilon !== undefined) return `ε = ${m.epsilon.value.toFixed(2)}`;
  if (m.bits !== undefined) return `${sig3(m.bits.value)} bits`;
  const isReference = reference === undefined || reference === row;
  const refParams = reference?.metrics.parameters?.value;
  if (!isReference && m.parameters !== undefined && refParams !== undefined && refParams > 0) {
    const fraction = m.parameters.value / refParams;
    if (fraction < 0.999) return `params ${pct(fraction)}`;
  }
  if (m.packedBytes !== undefined) {
    const d = displayUnit(m.packedBytes.unit, [m.packedBytes.value]);
    return `packed ${formatScaled(m.packedBytes.value, d)} ${d.label}`.trimEnd();
  }
  if (!isReference) {
    const own = bitsPerWeight(m);
    const ref = bitsPerWeight(reference.metrics);
    if (own !== undefined && ref !== undefined && Math.abs(own - ref) >= 0.1 * ref)
      return `${own.toFixed(1)} bits/weight`;
  }
  if (m.shiftedAccuracy !== undefined) return `shifted acc. ${pct(m.shiftedAccuracy.value)}`;
  const tuned = Object.keys(m).find((k) => k.startsWith('tuned.'));
  if (tuned !== undefined) return `${tuned.slice('tuned.'.length)} = ${sig3(m[tuned].value)}`;
  return undefined;
}
