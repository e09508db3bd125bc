import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate, stratifiedSample } from './select-rows.ts';

const countBy = (groups: number[], idx: Int32Array): Record<number, number> => {
  const out: Record<number, number> = {};
  for (const i of idx) out[groups[i]] = (out[groups[i]] ?? 0) + 1;
  return out;
};

test('allocate: proportional shares by largest remainder, at least one per stratum when n allows', () => {
  assert.deepEqual(allocate([50, 30, 20], 10), [5, 3, 2]);
  // 7 × [0.6, 0.3, 0.1] = [4.2, 2.1, 0.7]: floors [4, 2, 0], the minimum of one lifts the last.
  assert.deepEqual(allocate([60, 30, 10], 7), [4, 2, 1]);
  // Fewer rows than strata: the largest remainders win.
  assert.deepEqual(allocate([5, 3, 2], 2), [1, 1, 0]);
  // A share never exceeds the stratum.
  assert.deepEqual(allocate([1, 9], 6), [1, 5]);
});

test('stratifiedSample: class shares follow the groups, rows are distinct, sorted and seeded', () => {
  // 60 rows sorted by class: 30 of class 0, 20 of class 1, 10 of class 2.
  const groups = [...Array(30).fill(0), ...Array(20).fill(1), ...Array(10).fill(2)];
  const idx = stratifiedSample(groups, 6, 1);
  assert.deepEqual(countBy(groups, idx), { 0: 3, 1: 2, 2: 1 });
  assert.equal(new Set(idx).size, 6);
  assert.deepEqual(
    [...idx],
    [...idx].sort((a, b) => a - b),
  );
  assert.deepEqual(stratifiedSample(groups, 6, 1), idx, 'same seed, same rows');
  assert.notDeepEqual(stratifiedSample(groups, 6, 2), idx, 'another seed, other rows');
  assert.notDeepEqual([...idx], [0, 1, 2, 3, 4, 5]);
  // n ≥ rows: every row once.
  assert.deepEqual([...stratifiedSample([1, 0, 1], 5)], [0, 1, 2]);
  assert.throws(() => stratifiedSample(groups, 0), /positive integer/);
});
