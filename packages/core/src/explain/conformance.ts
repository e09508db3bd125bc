/**
 * The explainers' conformance suite (DESIGN.md, "Conformance suites"): every explainer's
 * test calls `runExplainerConformance` with a factory, and the suite checks the axioms
 * an attribution method should satisfy on small models with known answers:
 * - local accuracy: base value + Σφ = f(x) (per output);
 * - missingness: a feature the model ignores gets φ = 0;
 * - symmetry: two features that enter the model identically, with identical values in
 *   the row and the background, get equal φ;
 * - exactness (Shapley methods): φ equals exact Shapley values by enumeration.
 * Methods that do not promise an axiom list it in `exclude` with the reason.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backgroundOf, type Background } from './background.ts';
import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from './differentiable.ts';
import { ExactShapley } from './exact-shapley.ts';
import { fromFunction } from './model.ts';
import type { BlackBoxModel, Explainer } from './types.ts';

/** The checks of the suite, by name. */
export type ConformanceCheck =
  'shape' | 'local-accuracy' | 'missingness' | 'symmetry' | 'matches-exact-shapley' | 'multi-output';

/** What an explainer's test passes: a factory, tolerances, and the checks it skips with a reason. */
export interface ConformanceOptions {
  /** Builds the explainer for `model` with `background` as its reference data. */
  make(model: ConformanceModel, background: Background): Explainer;
  /** Absolute tolerance of local accuracy (default 1e-6). */
  localAccuracyTol?: number;
  /** Absolute tolerance of symmetry, missingness and exactness (default 1e-6). */
  tol?: number;
  /** Checks this explainer does not promise, each with the reason. */
  exclude?: Partial<Record<ConformanceCheck, string>>;
}

/** A deterministic background of `rows` rows of `d` features with values in [-1, 1). */
export function syntheticRows(rows: number, d: number, seed: number): Float64Array {
  const out = new Float64Array(rows * d);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** The suite's model, both as a black box and as the same function in tfjs (for gradient methods). */
export interface ConformanceModel extends BlackBoxModel {
  differentiable: DifferentiableModel;
}

/**
 * A nonlinear 5-feature model with interactions: x4 is ignored (for missingness) and
 * x0, x1 enter symmetrically (for symmetry). Output 0: a regression value; output 1 (when
 * `outputs` is 2): a probability, so the logit link has something to do.
 */
export function conformanceModel(outputs = 1): ConformanceModel {
  const box = fromFunction(5, outputs, (r) => {
    const v = 1.5 * (r[0] + r[1]) + r[0] * r[1] - 2 * r[2] * r[3] + Math.sin(2 * r[2]) + 0.5 * r[3] ** 2;
    return outputs === 1 ? v : [v, 1 / (1 + Math.exp(-v))];
  });
  const differentiable: DifferentiableModel = {
    inputShape: [5],
    outputs,
    apply(x: tf.Tensor): tf.Tensor2D {
      const [x0, x1, x2, x3] = tf.split(x as tf.Tensor2D, [1, 1, 1, 1, 1], 1);
      const v = tf.addN([
        tf.mul(1.5, tf.add(x0, x1)),
        tf.mul(x0, x1),
        tf.mul(-2, tf.mul(x2, x3)),
        tf.sin(tf.mul(2, x2)),
        tf.mul(0.5, tf.square(x3)),
      ]);
      return (outputs === 1 ? v : tf.concat([v, tf.sigmoid(v)], 1)) as tf.Tensor2D;
    },
  };
  return { ...box, differentiable };
}

/** Registers the suite's tests for one explainer under `name`. */
export function runExplainerConformance(name: string, opts: ConformanceOptions): void {
  const laTol = opts.localAccuracyTol ?? 1e-6;
  const tol = opts.tol ?? 1e-6;
  const exclude = opts.exclude ?? {};
  const bgData = syntheticRows(12, 5, 11);
  // Symmetry needs x0 and x1 exchangeable: equal in every background row and in the row.
  for (let b = 0; b < 12; b++) bgData[b * 5 + 1] = bgData[b * 5];
  const background = backgroundOf(bgData, 12);
  const x = syntheticRows(3, 5, 99).map((v) => v * 1.5);
  for (let r = 0; r < 3; r++) x[r * 5 + 1] = x[r * 5];
  const check = (c: ConformanceCheck, fn: () => Promise<void>): void => {
    const why = exclude[c];
    test(`${name} conformance: ${c}`, why ? { skip: why } : {}, fn);
  };

  check('shape', async () => {
    const a = await opts.make(conformanceModel(), background).explain(x, 3);
    assert.deepEqual([a.rows, a.features, a.featureNames.length], [3, 5, 5]);
    assert.equal(a.values.length, a.rows * a.features * a.outputs);
    assert.equal(a.outputsAtX.length, a.rows * a.outputs);
    assert.deepEqual(Array.from(a.data), Array.from(x));
    assert.ok(a.values.every(Number.isFinite), 'every attribution is finite');
  });

  check('local-accuracy', async () => {
    const a = await opts.make(conformanceModel(), background).explain(x, 3);
    for (let r = 0; r < a.rows; r++) {
      let sum = a.baseValues[0];
      for (let j = 0; j < a.features; j++) sum += a.values[(r * a.features + j) * a.outputs];
      assert.ok(
        Math.abs(sum - a.outputsAtX[r * a.outputs]) <= laTol,
        `row ${r}: base + Σφ = ${sum}, f(x) = ${a.outputsAtX[r]}`,
      );
    }
  });

  check('missingness', async () => {
    const a = await opts.make(conformanceModel(), background).explain(x, 3);
    for (let r = 0; r < a.rows; r++) {
      const phi = a.values[(r * a.features + 4) * a.outputs];
      assert.ok(Math.abs(phi) <= tol, `row ${r}: ignored feature x4 has φ = ${phi}`);
    }
  });

  check('symmetry', async () => {
    const a = await opts.make(conformanceModel(), background).explain(x, 3);
    for (let r = 0; r < a.rows; r++) {
      const p0 = a.values[(r * a.features + 0) * a.outputs];
      const p1 = a.values[(r * a.features + 1) * a.outputs];
      assert.ok(Math.abs(p0 - p1) <= tol, `row ${r}: symmetric x0, x1 have φ ${p0} and ${p1}`);
    }
  });

  check('matches-exact-shapley', async () => {
    const model = conformanceModel();
    const a = await opts.make(model, background).explain(x, 3);
    const e = await new ExactShapley(model, { background }).explain(x, 3);
    for (let i = 0; i < e.values.length; i++) {
      assert.ok(Math.abs(a.values[i] - e.values[i]) <= tol, `φ[${i}] = ${a.values[i]}, exact ${e.values[i]}`);
    }
  });

  check('multi-output', async () => {
    const model = conformanceModel(2);
    const a = await opts.make(model, background).explain(x, 3);
    assert.equal(a.outputs, 2);
    const e = await new ExactShapley(model, { background }).explain(x, 3);
    for (let i = 0; i < e.values.length; i++) {
      assert.ok(
        Math.abs(a.values[i] - e.values[i]) <= Math.max(tol, 1e-6),
        `φ[${i}] = ${a.values[i]}, exact ${e.values[i]}`,
      );
    }
  });
}
