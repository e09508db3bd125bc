import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coalitionPlan, enumeratePlan, shapleyKernel } from './coalition-plan.ts';
import { Rng } from './rng.ts';

const size = (masks: Uint8Array, m: number, k: number): number =>
  masks.subarray(k * m, (k + 1) * m).reduce((a, b) => a + b, 0);

test('shapleyKernel: (M−1)/(C(M,s)·s·(M−s)), symmetric in s ↔ M − s', () => {
  assert.equal(shapleyKernel(4, 1), 3 / (4 * 1 * 3));
  assert.equal(shapleyKernel(4, 2), 3 / (6 * 2 * 2));
  assert.equal(shapleyKernel(10, 3), shapleyKernel(10, 7));
});

test('enumeratePlan lists all 2^M − 2 proper coalitions once, weighted by the kernel', () => {
  const p = enumeratePlan(4);
  assert.equal(p.n, 14);
  const keys = new Set(Array.from({ length: p.n }, (_, k) => p.masks.subarray(k * 4, k * 4 + 4).join('')));
  assert.equal(keys.size, 14);
  assert.ok(!keys.has('0000') && !keys.has('1111'));
  for (let k = 0; k < p.n; k++) assert.equal(p.weights[k], shapleyKernel(4, size(p.masks, 4, k)));
});

test('coalitionPlan under budget: whole small sizes first, then paired draws; weights sum to 1', () => {
  const m = 12;
  const p = coalitionPlan(m, 300, new Rng(4));
  assert.equal(p.mode, 'sampled');
  assert.ok(p.n <= 300 && p.n >= 290, `n = ${p.n}`);
  const total = p.weights.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-12, `Σw = ${total}`);
  // Size mass ∝ (M−1)/(s(M−s)), doubled for paired sizes: sizes 1 and 11 get 36.1% of it, and
  // 300 · 0.361 = 108 ≥ 24 coalitions, so they are enumerated; sizes 2 and 10 would need 132 of
  // the remaining 276 · 31.1% = 86, so everything from size 2 on is drawn.
  const sizes = Array.from({ length: p.n }, (_, k) => size(p.masks, m, k));
  assert.deepEqual(
    [...new Set(sizes.slice(0, 24))].sort((a, b) => a - b),
    [1, 11],
  );
  assert.ok(sizes.slice(24).every((s) => s >= 2 && s <= 10));
  // Every coalition drawn has its complement in the plan (paired sampling); no duplicates.
  const keys = new Set(Array.from({ length: p.n }, (_, k) => p.masks.subarray(k * m, (k + 1) * m).join('')));
  assert.equal(keys.size, p.n);
  for (const key of keys) {
    const comp = [...key].map((b) => (b === '1' ? '0' : '1')).join('');
    const s = [...key].filter((b) => b === '1').length;
    if (s !== m / 2) assert.ok(keys.has(comp), `complement of ${key}`);
  }
});

test('coalitionPlan enumerates when the budget covers every coalition', () => {
  assert.equal(coalitionPlan(5, 30, new Rng(1)).mode, 'exact');
  assert.equal(coalitionPlan(5, 29, new Rng(1)).mode, 'sampled');
});
