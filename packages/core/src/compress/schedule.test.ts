import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constantSparsity, polynomialDecay } from './schedule.ts';
import { expectError } from '../util/expect-error.ts';

test('polynomialDecay s_i=0, s_f=0.8 over 1,000 steps: s(500)=0.7 and the endpoints', () => {
  const s = polynomialDecay({ initialSparsity: 0, finalSparsity: 0.8, endStep: 1000 });
  assert.ok(Math.abs(s.sparsity(500) - 0.7) < 1e-12);
  assert.equal(s.sparsity(0), 0);
  assert.equal(s.sparsity(1000), 0.8);
  assert.equal(s.sparsity(5000), 0.8); // held after the end
  // 1 − (1 − 0.25)^3 = 0.578125 of the way: 0.8 · 0.578125
  assert.ok(Math.abs(s.sparsity(250) - 0.4625) < 1e-12);
});

test('masks update every 100 steps from beginStep to endStep inclusive', () => {
  const s = polynomialDecay({ initialSparsity: 0.5, finalSparsity: 0.9, beginStep: 200, endStep: 1200 });
  const steps = Array.from({ length: 1500 }, (_, i) => i).filter((t) => s.shouldPrune(t));
  assert.deepEqual(steps, [200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);
  assert.equal(s.sparsity(100), 0.5); // before begin: the initial sparsity
});

test('constantSparsity prunes once', () => {
  const s = constantSparsity(0.75, 10);
  assert.deepEqual(
    [9, 10, 11].map((t) => s.shouldPrune(t)),
    [false, true, false],
  );
  assert.equal(s.sparsity(3), 0.75);
});

test('bad schedules are refused with the offending key', () => {
  expectError(
    () => polynomialDecay({ initialSparsity: 0, finalSparsity: 1, endStep: 10 }),
    'PRUNE_SPARSITY',
    'finalSparsity',
  );
  expectError(
    () => polynomialDecay({ initialSparsity: 0, finalSparsity: 0.5, endStep: 0 }),
    'PRUNE_SCHEDULE',
    'endStep',
  );
});
