/**
 * Coalition values for Shapley methods: the model's mean output when the features in a
 * coalition take the explained row's values and the rest come from the background
 * (the interventional value function), computed with large batched model calls.
 */
import type { Background } from './background.ts';
import { predictChecked } from './model.ts';
import type { BlackBoxModel } from './types.ts';

/** Default cap on rows per model call (synthetic rows = coalitions × background rows). */
export const DEFAULT_BATCH_ROWS = 16384;

/**
 * For each of the `n` coalitions in `masks` (`n × varying.length` 0/1 bytes; mask bit j
 * covers feature `varying[j]`), the background-weighted mean model output (raw, before
 * any link) with the coalition's features set from `x` and every other feature from
 * the background row. Returns `n × outputs` values.
 */
export async function coalitionValues(
  model: BlackBoxModel,
  x: Float64Array,
  bg: Background,
  varying: Int32Array,
  masks: Uint8Array,
  n: number,
  batchRows = DEFAULT_BATCH_ROWS,
): Promise<Float64Array> {
  const d = bg.features;
  const m = varying.length;
  const o = model.outputs;
  const out = new Float64Array(n * o);
  const perCall = Math.max(1, Math.floor(batchRows / bg.rows));
  for (let start = 0; start < n; start += perCall) {
    const count = Math.min(perCall, n - start);
    const synth = new Float64Array(count * bg.rows * d);
    for (let c = 0; c < count; c++) {
      const base = c * bg.rows * d;
      synth.set(bg.data, base);
      const mask = (start + c) * m;
      for (let j = 0; j < m; j++) {
        if (masks[mask + j] === 0) continue;
        const f = varying[j];
        const v = x[f];
        for (let b = 0; b < bg.rows; b++) synth[base + b * d + f] = v;
      }
    }
    const y = await predictChecked(model, synth, count * bg.rows, 'coalitionValues');
    for (let c = 0; c < count; c++) {
      for (let b = 0; b < bg.rows; b++) {
        const w = bg.weights[b];
        const row = (c * bg.rows + b) * o;
        for (let k = 0; k < o; k++) out[(start + c) * o + k] += w * y[row + k];
      }
    }
  }
  return out;
}

/** The background-weighted mean model output E[f] (raw, `outputs` values). */
export async function expectedOutput(model: BlackBoxModel, bg: Background): Promise<Float64Array> {
  const y = await predictChecked(model, bg.data, bg.rows, 'background');
  const out = new Float64Array(model.outputs);
  for (let b = 0; b < bg.rows; b++)
    for (let k = 0; k < model.outputs; k++) out[k] += bg.weights[b] * y[b * model.outputs + k];
  return out;
}

/**
 * The features of row `x` that differ from at least one background row (|Δ| > 1e-8 ·
 * max(1, |value|)). Features equal to every background row cannot change the output and
 * get attribution 0, and they do not count towards KernelSHAP's M.
 */
export function varyingFeatures(x: Float64Array, bg: Background): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < bg.features; j++) {
    for (let b = 0; b < bg.rows; b++) {
      const v = bg.data[b * bg.features + j];
      if (Math.abs(v - x[j]) > 1e-8 * Math.max(1, Math.abs(x[j]))) {
        out.push(j);
        break;
      }
    }
  }
  return Int32Array.from(out);
}
