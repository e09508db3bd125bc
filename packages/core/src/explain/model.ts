/** Adapters that turn models into `BlackBoxModel`s, and the link functions SHAP explains in. */
import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import type { BlackBoxModel } from './types.ts';

/**
 * Wraps a tfjs LayersModel whose input is a flat feature vector `[null, inputs]` or any
 * shape whose size is `inputs` (rows are reshaped to the model's input shape, e.g. images
 * NHWC). Predictions run in batches of `batchSize` rows (default 4096) inside `tf.tidy`.
 */
export function fromLayersModel(model: tf.LayersModel, opts: { batchSize?: number } = {}): BlackBoxModel {
  const inShape = model.inputs[0].shape.slice(1).map((d) => d ?? 1);
  const outShape = model.outputs[0].shape.slice(1).map((d) => d ?? 1);
  const inputs = inShape.reduce((a, b) => a * b, 1);
  const outputs = outShape.reduce((a, b) => a * b, 1);
  const batchSize = opts.batchSize ?? 4096;
  return {
    inputs,
    outputs,
    predict(x: Float64Array, rows: number): Float32Array {
      const out = new Float32Array(rows * outputs);
      for (let start = 0; start < rows; start += batchSize) {
        const n = Math.min(batchSize, rows - start);
        const chunk = Float32Array.from(x.subarray(start * inputs, (start + n) * inputs));
        const y = tf.tidy(() => {
          const t = tf.tensor(chunk, [n, ...inShape]);
          return (model.predict(t) as tf.Tensor).dataSync();
        });
        out.set(y as Float32Array, start * outputs);
      }
      return out;
    },
  };
}

/**
 * Wraps a plain function of one row, `f(row) → outputs`, as a BlackBoxModel (for tests and
 * for models outside tfjs). `f` returns a number (one output) or an array of `outputs`.
 */
export function fromFunction(
  inputs: number,
  outputs: number,
  f: (row: Float64Array) => number | ArrayLike<number>,
): BlackBoxModel {
  return {
    inputs,
    outputs,
    predict(x: Float64Array, rows: number): Float64Array {
      const out = new Float64Array(rows * outputs);
      for (let r = 0; r < rows; r++) {
        const y = f(x.subarray(r * inputs, (r + 1) * inputs));
        if (typeof y === 'number') out[r * outputs] = y;
        else for (let o = 0; o < outputs; o++) out[r * outputs + o] = y[o];
      }
      return out;
    },
  };
}

/** A BlackBoxModel that also counts the rows it predicted and the milliseconds spent inside the model. */
export interface TimedModel extends BlackBoxModel {
  readonly stats: { calls: number; rows: number; ms: number };
}

/** Wraps `model` so every `predict` is timed (for the benchmark's share of time in the model). */
export function timed(model: BlackBoxModel): TimedModel {
  const stats = { calls: 0, rows: 0, ms: 0 };
  return {
    inputs: model.inputs,
    outputs: model.outputs,
    stats,
    async predict(x: Float64Array, rows: number) {
      const t0 = performance.now();
      const y = await model.predict(x, rows);
      stats.ms += performance.now() - t0;
      stats.calls++;
      stats.rows += rows;
      return y;
    },
  };
}

/** The space SHAP values add up in: `identity` (raw outputs) or `logit` (log-odds of probabilities). */
export type Link = 'identity' | 'logit';

/** Applies the link to one output value. `logit` clamps p to [1e-12, 1 − 1e-12] so it never returns ±∞. */
export function applyLink(link: Link, v: number): number {
  if (link === 'identity') return v;
  const p = Math.min(1 - 1e-12, Math.max(1e-12, v));
  return Math.log(p / (1 - p));
}

/** Calls `model.predict` and checks the length it returned, so a wrong `outputs` fails loudly. */
export async function predictChecked(
  model: BlackBoxModel,
  x: Float64Array,
  rows: number,
  where: string,
): Promise<ArrayLike<number>> {
  const y = await model.predict(x, rows);
  if (y.length !== rows * model.outputs) {
    throw new FrontierError(
      'EXPLAIN_BAD_MODEL_OUTPUT',
      `model returned ${y.length} values for ${rows} rows; expected rows × outputs = ${rows * model.outputs}`,
      { where, hint: 'set BlackBoxModel.outputs to the number of outputs per row' },
    );
  }
  return y;
}

/** Checks that `x` holds whole rows of `inputs` features; throws FrontierError `EXPLAIN_BAD_INPUT` otherwise. */
export function checkRows(x: Float64Array, rows: number, inputs: number, where: string): void {
  if (!Number.isInteger(rows) || rows < 1 || x.length !== rows * inputs) {
    throw new FrontierError(
      'EXPLAIN_BAD_INPUT',
      `x holds ${x.length} values, not ${rows} rows × ${inputs} features`,
      { where, hint: 'pass row-major data with one value per model input per row' },
    );
  }
}
