import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticRows } from './conformance.ts';
import { fromFunction } from './model.ts';
import { accuracyScore, negMseScore, permutationImportance } from './permutation.ts';

test('accuracyScore and negMseScore on hand-made predictions', () => {
  assert.equal(accuracyScore([0, 1, 2], [0.9, 0.1, 0, 0.2, 0.7, 0.1, 0.5, 0.4, 0.1], 3, 3), 2 / 3);
  assert.equal(accuracyScore([1, 0], [0.7, 0.2], 2, 1), 1);
  assert.equal(negMseScore([1, 2], [0, 4], 2, 1), -2.5);
});

test('permutationImportance ranks a linear model by |w|², gives an ignored feature 0, and is seeded', async () => {
  const n = 400;
  const x = syntheticRows(n, 3, 21);
  const w = [3, 1, 0];
  const model = fromFunction(3, 1, (r) => w[0] * r[0] + w[1] * r[1] + w[2] * r[2]);
  const target = Array.from({ length: n }, (_, i) => w[0] * x[i * 3] + w[1] * x[i * 3 + 1]);
  const res = await permutationImportance(model, x, n, { target, repeats: 8, seed: 5 });
  assert.equal(res.baselineScore + 0, 0); // −0: the mean of zeros negated
  const [i0, i1, i2] = res.importances;
  // Shuffling feature j adds w_j² · mean((x_i − x_π(i))²) ≈ 2 w_j² Var(x_j) = 2 w_j² / 3 for U(−1, 1).
  assert.ok(Math.abs(i0.mean - (2 * 9) / 3) < 0.15 * 6, `x0: ${i0.mean}`);
  assert.ok(Math.abs(i1.mean - 2 / 3) < 0.15 * (2 / 3), `x1: ${i1.mean}`);
  assert.deepEqual([i2.mean, i2.std], [0, 0]);
  assert.ok(i0.std > 0 && i0.drops.length === 8);
  const std = Math.sqrt(i0.drops.reduce((a, b) => a + (b - i0.mean) ** 2, 0) / 8);
  assert.ok(Math.abs(i0.std - std) < 1e-12);
  const again = await permutationImportance(model, x, n, { target, repeats: 8, seed: 5 });
  assert.deepEqual(again, res);
});

test('permutationImportance with accuracy: only the deciding feature matters', async () => {
  const n = 200;
  const x = syntheticRows(n, 2, 4);
  const model = fromFunction(2, 2, (r) => (r[0] > 0 ? [0, 1] : [1, 0]));
  const target = Array.from({ length: n }, (_, i) => (x[i * 2] > 0 ? 1 : 0));
  const res = await permutationImportance(model, x, n, { target, repeats: 3 });
  assert.equal(res.baselineScore, 1);
  assert.ok(res.importances[0].mean > 0.3, `deciding feature drop ${res.importances[0].mean}`);
  assert.equal(res.importances[1].mean, 0);
});

test('permutationImportance rejects a target of the wrong length', async () => {
  const model = fromFunction(2, 1, (r) => r[0]);
  await assert.rejects(
    permutationImportance(model, new Float64Array(4), 2, { target: [1] }),
    /target has 1 values/,
  );
});
