import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectError } from '../util/expect-error.ts';
import { backgroundOf } from './background.ts';
import { runExplainerConformance } from './conformance.ts';
import { ExactShapley } from './exact-shapley.ts';
import { fromFunction } from './model.ts';

runExplainerConformance('ExactShapley', {
  make: (model, background) => new ExactShapley(model, { background }),
});

test('ExactShapley matches hand-computed values for f = x0·x1 over a two-row background', async () => {
  // v(∅) = mean(0·0, 1·1) = 0.5, v({0}) = mean(2·0, 2·1) = 1, v({1}) = mean(0·3, 1·3) = 1.5, v(all) = 6.
  // φ0 = ½[(1 − 0.5) + (6 − 1.5)] = 2.5, φ1 = ½[(1.5 − 0.5) + (6 − 1)] = 3.
  const model = fromFunction(2, 1, (r) => r[0] * r[1]);
  const a = await new ExactShapley(model, {
    background: backgroundOf(new Float64Array([0, 0, 1, 1]), 2),
  }).explain(new Float64Array([2, 3]), 1);
  assert.deepEqual(Array.from(a.values), [2.5, 3]);
  assert.equal(a.baseValues[0], 0.5);
  assert.equal(a.outputsAtX[0], 6);
});

test('ExactShapley of a three-feature max game gives the textbook split', async () => {
  // f = max(x0, x1, x2) with background 0 and x = (1, 2, 3): the glove-style game with
  // values 1/3, 1/3 + 1/2, 1/3 + 1/2 + 1 (marginal increments of each level shared equally).
  const model = fromFunction(3, 1, (r) => Math.max(r[0], r[1], r[2]));
  const a = await new ExactShapley(model, { background: backgroundOf(new Float64Array(3), 1) }).explain(
    new Float64Array([1, 2, 3]),
    1,
  );
  const expected = [1 / 3, 1 / 3 + 1 / 2, 1 / 3 + 1 / 2 + 1];
  a.values.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `φ${i} = ${v}`));
});

test('ExactShapley refuses more than 14 features', () => {
  const model = fromFunction(15, 1, () => 0);
  expectError(
    () => new ExactShapley(model, { background: backgroundOf(new Float64Array(15), 1) }),
    'EXPLAIN_TOO_MANY_FEATURES',
    'ExactShapley',
  );
});
