import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectError } from '../util/expect-error.ts';
import { runExplainerConformance, syntheticRows } from './conformance.ts';
import { binOf, describeBin, fitDiscretizer, quantile } from './discretize.ts';
import { LimeTabular, type LimeRowExplanation } from './lime.ts';
import { fromFunction } from './model.ts';

runExplainerConformance('LimeTabular', {
  make: (model, background) =>
    new LimeTabular(model, {
      trainingData: background.data,
      trainingRows: background.rows,
      discretize: false,
      numSamples: 2000,
    }),
  // missingness: an unused feature gets only sampling noise (measured 0.026) next to weights of ~1.
  tol: 0.05,
  exclude: {
    'local-accuracy': 'LIME fits a local surrogate; intercept + Σ weights approximates f(x) only',
    symmetry: 'independent perturbations of two symmetric features give unequal weights',
    'matches-exact-shapley': 'LIME estimates local slopes, not Shapley values',
    'multi-output': 'LIME explains one output per row (`output` option)',
  },
});

const m = 5;
const w = [4, -2, 1, 0.5, 0];
const linear = fromFunction(m, 1, (r) => r.reduce((s, v, j) => s + w[j] * v, 1));
const train = syntheticRows(500, m, 31);

test('quartile and decile cut points, bins and descriptions', () => {
  assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assert.equal(quantile([0, 10], 0.75), 7.5);
  const data = Float64Array.from({ length: 9 }, (_, i) => i); // one feature 0..8
  const q = fitDiscretizer(data, 9, 'quartile', ['age']);
  assert.deepEqual(q.edges, [[2, 4, 6]]);
  assert.deepEqual(
    [0, 2, 2.5, 6, 7].map((v) => binOf(q, 0, v)),
    [0, 0, 1, 2, 3],
  );
  assert.deepEqual(
    [0, 1, 3].map((b) => describeBin(q, 0, b)),
    ['age <= 2', '2 < age <= 4', 'age > 6'],
  );
  assert.equal(fitDiscretizer(data, 9, 'decile', ['a']).edges[0].length, 9);
});

test("LIME in continuous mode recovers a linear model's coefficients within 2%", async () => {
  const lime = new LimeTabular(linear, {
    trainingData: train,
    trainingRows: 500,
    discretize: false,
    seed: 3,
  });
  const e = (await lime.explain(syntheticRows(1, m, 8), 1)).details![0] as unknown as LimeRowExplanation;
  const coef = new Array<number>(m).fill(0);
  for (const f of e.features) coef[f.index] = f.coefficient;
  for (let j = 0; j < m; j++)
    assert.ok(Math.abs(coef[j] - w[j]) <= 0.02 * Math.max(1, Math.abs(w[j])), `w${j}: ${coef[j]}`);
  assert.ok(e.score > 0.999, `R² ${e.score}`);
  assert.ok(Math.abs(e.localPrediction - e.modelPrediction) < 1e-3);
});

test('LIME with quartile bins recovers the signs and the |w| ranking of a linear model', async () => {
  for (const discretize of ['quartile', 'decile'] as const) {
    const lime = new LimeTabular(linear, { trainingData: train, trainingRows: 500, discretize, seed: 1 });
    // Every feature sits in its top bin, so the weight of "in x's bin" is w_j times one common gap.
    const x = new Float64Array(m).fill(0.95);
    const e = (await lime.explain(x, 1)).details![0] as unknown as LimeRowExplanation;
    const byFeature = new Map(e.features.map((f) => [f.index, f]));
    for (let j = 0; j < 4; j++)
      assert.equal(Math.sign(byFeature.get(j)!.weight), Math.sign(w[j]), `${discretize} x${j}`);
    const ranked = [...e.features]
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
      .map((f) => f.index);
    assert.deepEqual(ranked, [0, 1, 2, 3, 4], discretize);
    assert.ok(Math.abs(byFeature.get(4)!.weight) < 0.05 * Math.abs(byFeature.get(0)!.weight));
    assert.match(
      byFeature.get(0)!.description,
      discretize === 'quartile' ? /^x0 > 0\.\d+$/ : /^x0 > 0\.\d+$/,
    );
  }
});

test('LIME feature selection keeps the features the model uses', async () => {
  const sparse = fromFunction(m, 1, (r) => 3 * r[1] - 2 * r[3]);
  for (const featureSelection of ['forward-selection', 'highest-weights', 'auto'] as const) {
    const lime = new LimeTabular(sparse, {
      trainingData: train,
      trainingRows: 500,
      numFeatures: 2,
      featureSelection,
      numSamples: 1000,
    });
    const e = (await lime.explain(syntheticRows(1, m, 2), 1)).details![0] as unknown as LimeRowExplanation;
    assert.deepEqual(e.features.map((f) => f.index).sort(), [1, 3], featureSelection);
  }
});

test('LIME explains the top class of a classifier unless told which output', async () => {
  const clf = fromFunction(2, 2, (r) => {
    const p = 1 / (1 + Math.exp(-3 * r[0]));
    return [1 - p, p];
  });
  const data = syntheticRows(200, 2, 5);
  const lime = new LimeTabular(clf, { trainingData: data, trainingRows: 200, numSamples: 500 });
  const top = (await lime.explain(new Float64Array([0.9, 0]), 1))
    .details![0] as unknown as LimeRowExplanation;
  assert.equal(top.output, 1);
  assert.ok(top.features.find((f) => f.index === 0)!.weight > 0);
  const other = new LimeTabular(clf, { trainingData: data, trainingRows: 200, numSamples: 500, output: 0 });
  const e0 = (await other.explain(new Float64Array([0.9, 0]), 1))
    .details![0] as unknown as LimeRowExplanation;
  assert.ok(e0.features.find((f) => f.index === 0)!.weight < 0);
});

test('LimeTabular rejects a tiny numSamples', () => {
  expectError(
    () => new LimeTabular(linear, { trainingData: train, trainingRows: 500, numSamples: 3 }),
    'EXPLAIN_BAD_OPTION',
    'LimeTabular numSamples',
  );
});
