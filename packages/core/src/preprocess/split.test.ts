import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stratifiedKFold, stratifiedSplit } from './split.ts';

const labels = [...Array(60).fill('a'), ...Array(30).fill('b'), ...Array(10).fill('c')];
const count = (idx: Int32Array, c: string) => [...idx].filter((i) => labels[i] === c).length;

test('stratified split keeps class proportions in every part and covers each row once', () => {
  const s = stratifiedSplit(labels, { test: 0.2, validation: 0.1, seed: 7 });
  assert.deepEqual([count(s.test, 'a'), count(s.test, 'b'), count(s.test, 'c')], [12, 6, 2]);
  assert.deepEqual([count(s.validation, 'a'), count(s.validation, 'b'), count(s.validation, 'c')], [6, 3, 1]);
  assert.equal(s.train.length, 70);
  const all = [...s.train, ...s.validation, ...s.test].sort((x, y) => x - y);
  assert.deepEqual(
    all,
    labels.map((_, i) => i),
  );
});

test('stratified split is a pure function of labels and seed', () => {
  assert.deepEqual(stratifiedSplit(labels, { seed: 3 }), stratifiedSplit(labels, { seed: 3 }));
  assert.notDeepEqual(stratifiedSplit(labels, { seed: 3 }).test, stratifiedSplit(labels, { seed: 4 }).test);
  assert.throws(() => stratifiedSplit(labels, { test: 0.6, validation: 0.5 }), {
    code: 'PREPROCESS_BAD_OPTION',
  });
});

test('stratified k-fold: disjoint test folds that cover all rows, each with the class mix', () => {
  const folds = stratifiedKFold(labels, 5, 1);
  assert.equal(folds.length, 5);
  const seen = new Set<number>();
  for (const f of folds) {
    assert.deepEqual([count(f.test, 'a'), count(f.test, 'b'), count(f.test, 'c')], [12, 6, 2]);
    assert.equal(f.train.length + f.test.length, 100);
    for (const i of f.test) {
      assert.ok(!seen.has(i));
      seen.add(i);
    }
    assert.ok(![...f.train].some((i) => f.test.includes(i)));
  }
  assert.equal(seen.size, 100);
  assert.throws(() => stratifiedKFold(labels, 1), { code: 'PREPROCESS_BAD_OPTION' });
});

test('property: k-fold sizes differ by at most one', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 50 }),
      fc.integer({ min: 2, max: 4 }),
      (ys, k) => {
        const sizes = stratifiedKFold(ys, k).map((f) => f.test.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
        assert.equal(
          sizes.reduce((a, b) => a + b, 0),
          ys.length,
        );
      },
    ),
  );
});
