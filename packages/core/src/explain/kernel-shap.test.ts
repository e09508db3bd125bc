import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectError } from '../util/expect-error.ts';
import { backgroundOf, kmeansBackground } from './background.ts';
import { defaultNsamples } from './coalition-plan.ts';
import { runExplainerConformance, syntheticRows } from './conformance.ts';
import { ExactShapley } from './exact-shapley.ts';
import { KernelShap, type KernelShapRowDetails } from './kernel-shap.ts';
import { fromFunction } from './model.ts';
import type { Attribution, BlackBoxModel } from './types.ts';

runExplainerConformance('KernelShap', {
  make: (model, background) => new KernelShap(model, { background }),
  tol: 1e-9,
  localAccuracyTol: 1e-9,
});

/** A nonlinear M-feature model with pairwise interactions. */
function interactionModel(m: number): BlackBoxModel {
  const w = syntheticRows(1, m, 5);
  return fromFunction(m, 1, (r) => {
    let s = 0;
    for (let j = 0; j < m; j++) s += w[j] * r[j];
    for (let j = 0; j + 1 < m; j += 2) s += 0.8 * r[j] * r[j + 1];
    return Math.tanh(s) + 0.3 * r[0] ** 2;
  });
}

function maxAbsDiff(a: Attribution, b: Attribution): { err: number; scale: number } {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.values.length; i++) {
    err = Math.max(err, Math.abs(a.values[i] - b.values[i]));
    scale = Math.max(scale, Math.abs(b.values[i]));
  }
  return { err, scale };
}

const details = (a: Attribution, r = 0): KernelShapRowDetails =>
  a.details![r] as unknown as KernelShapRowDetails;

test('default nsamples is 2M + 2048 capped at 2^M − 2', () => {
  assert.equal(defaultNsamples(2), 2);
  assert.equal(defaultNsamples(10), 1022);
  assert.equal(defaultNsamples(11), 2046);
  assert.equal(defaultNsamples(12), 2072);
  assert.equal(defaultNsamples(100), 2248);
});

// Tolerance, exact mode: the regression over all 2^M − 2 coalitions reproduces Shapley values
// up to float64 rounding; we allow 1e-9 absolute (measured: ~4e-15).
test('KernelShap at M = 10 enumerates every coalition by default and equals exact Shapley within 1e-9', async () => {
  const m = 10;
  const model = interactionModel(m);
  const background = backgroundOf(syntheticRows(20, m, 3), 20);
  const x = syntheticRows(4, m, 77);
  const k = await new KernelShap(model, { background }).explain(x, 4);
  const e = await new ExactShapley(model, { background }).explain(x, 4);
  assert.deepEqual(details(k), { varying: 10, mode: 'exact', coalitions: 1022 });
  const { err } = maxAbsDiff(k, e);
  assert.ok(err <= 1e-9, `max |φ_kernel − φ_exact| = ${err}`);
});

// Tolerance, sampling: max |φ_kernel − φ_exact| ≤ 3% of max |φ_exact| at M = 12 with the default
// budget (2072 of 4094 coalitions; measured 0.6–1.1% over seeds 0–2), and ≤ 8% at M = 10 with
// nsamples = 200 (a fifth of the coalitions; measured 2.9–3.2%).
test('KernelShap with the default sampled budget at M = 12 is within 3% of exact Shapley', async () => {
  const m = 12;
  const model = interactionModel(m);
  const background = backgroundOf(syntheticRows(20, m, 3), 20);
  const x = syntheticRows(3, m, 77);
  const k = await new KernelShap(model, { background, seed: 1 }).explain(x, 3);
  const e = await new ExactShapley(model, { background }).explain(x, 3);
  assert.deepEqual(details(k), { varying: 12, mode: 'sampled', coalitions: 2072 });
  const { err, scale } = maxAbsDiff(k, e);
  assert.ok(err <= 0.03 * scale, `max error ${err} vs max |φ| ${scale}`);
});

test('KernelShap with nsamples = 200 at M = 10 is within 8% of exact Shapley and keeps local accuracy', async () => {
  const m = 10;
  const model = interactionModel(m);
  const background = backgroundOf(syntheticRows(20, m, 3), 20);
  const x = syntheticRows(3, m, 77);
  const k = await new KernelShap(model, { background, nsamples: 200, seed: 2 }).explain(x, 3);
  const e = await new ExactShapley(model, { background }).explain(x, 3);
  assert.equal(details(k).mode, 'sampled');
  const { err, scale } = maxAbsDiff(k, e);
  assert.ok(err <= 0.08 * scale, `max error ${err} vs max |φ| ${scale}`);
  for (let r = 0; r < 3; r++) {
    let s = k.baseValues[0];
    for (let j = 0; j < m; j++) s += k.values[r * m + j];
    assert.ok(Math.abs(s - k.outputsAtX[r]) < 1e-9);
  }
});

test('KernelShap on a linear model equals the closed form φ_i = w_i (x_i − E[x_i]), sampled at M = 40', async () => {
  const m = 40;
  const w = syntheticRows(1, m, 8).map((v) => 3 * v);
  const model = fromFunction(m, 1, (r) => r.reduce((s, v, j) => s + w[j] * v, 0.5));
  const bgRows = syntheticRows(30, m, 4);
  const background = backgroundOf(bgRows, 30);
  const x = syntheticRows(2, m, 6);
  const k = await new KernelShap(model, { background }).explain(x, 2);
  assert.equal(details(k).mode, 'sampled');
  for (let j = 0; j < m; j++) {
    let mean = 0;
    for (let b = 0; b < 30; b++) mean += bgRows[b * m + j] / 30;
    for (let r = 0; r < 2; r++) {
      const want = w[j] * (x[r * m + j] - mean);
      assert.ok(
        Math.abs(k.values[r * m + j] - want) < 1e-9,
        `φ${j} = ${k.values[r * m + j]}, closed form ${want}`,
      );
    }
  }
});

test('KernelShap with the logit link adds up in log-odds and matches exact Shapley under the same link', async () => {
  const m = 4;
  const model = fromFunction(m, 2, (r) => {
    const z = r[0] - 2 * r[1] + r[2] * r[3];
    const p = 1 / (1 + Math.exp(-z));
    return [p, 1 - p];
  });
  const background = backgroundOf(syntheticRows(10, m, 1), 10);
  const x = syntheticRows(2, m, 2);
  const k = await new KernelShap(model, { background, link: 'logit' }).explain(x, 2);
  const e = await new ExactShapley(model, { background, link: 'logit' }).explain(x, 2);
  assert.ok(maxAbsDiff(k, e).err < 1e-9);
  const p = await model.predict(x, 2);
  for (let r = 0; r < 2; r++) {
    for (let o = 0; o < 2; o++) {
      let s = k.baseValues[o];
      for (let j = 0; j < m; j++) s += k.values[(r * m + j) * 2 + o];
      const logOdds = Math.log(p[r * 2 + o] / (1 - p[r * 2 + o]));
      assert.ok(Math.abs(s - logOdds) < 1e-9, `row ${r} output ${o}: ${s} vs ${logOdds}`);
    }
  }
  // The two outputs are complementary probabilities, so their log-odds attributions are opposite.
  for (let i = 0; i < k.values.length; i += 2) assert.ok(Math.abs(k.values[i] + k.values[i + 1]) < 1e-9);
});

test('KernelShap counts only features that vary from the background, and gives the rest φ = 0', async () => {
  const m = 6;
  const model = fromFunction(m, 1, (r) => r[0] * r[1] + r[2] + 10 * r[5]);
  const bg = syntheticRows(5, m, 9);
  for (let b = 0; b < 5; b++) bg[b * m + 5] = 7; // x5 is constant in the background
  const x = syntheticRows(1, m, 10);
  x[5] = 7;
  const k = await new KernelShap(model, { background: backgroundOf(bg, 5) }).explain(x, 1);
  assert.deepEqual(details(k), { varying: 5, mode: 'exact', coalitions: 30 });
  assert.equal(k.values[5], 0);
});

test('KernelShap batches model calls within batchRows and gives the same values as unbatched', async () => {
  const m = 5;
  const inner = interactionModel(m);
  const sizes: number[] = [];
  const spy: BlackBoxModel = {
    inputs: m,
    outputs: 1,
    predict(x, rows) {
      sizes.push(rows);
      return inner.predict(x, rows);
    },
  };
  const background = backgroundOf(syntheticRows(8, m, 3), 8);
  const x = syntheticRows(1, m, 4);
  const small = await new KernelShap(spy, { background, batchRows: 64 }).explain(x, 1);
  // 30 coalitions × 8 background rows = 240 rows in calls of ≤ 64 rows (8 coalitions each).
  const coalitionCalls = sizes.slice(2);
  assert.deepEqual(coalitionCalls, [64, 64, 64, 48]);
  const big = await new KernelShap(inner, { background }).explain(x, 1);
  assert.ok(maxAbsDiff(small, big).err < 1e-12);
});

test('KernelShap with a k-means background keeps local accuracy against the weighted base value', async () => {
  const m = 5;
  const model = interactionModel(m);
  const data = syntheticRows(200, m, 12);
  const background = kmeansBackground(data, 200, 8, { seed: 1 });
  assert.equal(background.rows, 8);
  const k = await new KernelShap(model, { background }).explain(syntheticRows(2, m, 13), 2);
  for (let r = 0; r < 2; r++) {
    let s = k.baseValues[0];
    for (let j = 0; j < m; j++) s += k.values[r * m + j];
    assert.ok(Math.abs(s - k.outputsAtX[r]) < 1e-9);
  }
});

test('KernelShap rejects a bad nsamples and a background of the wrong width', () => {
  const model = interactionModel(3);
  const background = backgroundOf(syntheticRows(2, 3, 1), 2);
  expectError(
    () => new KernelShap(model, { background, nsamples: 1 }),
    'EXPLAIN_BAD_OPTION',
    'KernelShap nsamples',
  );
  expectError(
    () => new KernelShap(model, { background: backgroundOf(syntheticRows(2, 4, 1), 2) }),
    'EXPLAIN_BAD_BACKGROUND',
    'KernelShap background',
  );
});
