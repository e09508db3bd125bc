import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectError } from '../util/expect-error.ts';
import { nearestNeighbourProbe } from './features.ts';

// One feature: class 0 near 0–1, class 1 near 10–11.
const train = { data: Float32Array.from([0, 1, 10, 11]), shape: [4, 1] };
const labels = Int32Array.from([0, 0, 1, 1]);
const test1 = (xs: number[]) => ({ data: Float32Array.from(xs), shape: [xs.length, 1] });

test('1-NN: each test point takes its nearest training row’s class (hand-computed)', () => {
  // 5.4 is 4.4 from 1 (class 0) and 4.6 from 10 (class 1).
  assert.equal(nearestNeighbourProbe(train, labels, test1([0.4, 10.6, 5.4]), Int32Array.from([0, 1, 0])), 1);
  assert.equal(
    nearestNeighbourProbe(train, labels, test1([0.4, 10.6, 5.4]), Int32Array.from([0, 1, 1])),
    2 / 3,
  );
});

test('k-NN votes; a tie goes to the class of the nearer rows', () => {
  // k = 3 at 9: neighbours 10, 11 (class 1) and 1 (class 0) → class 1.
  assert.equal(nearestNeighbourProbe(train, labels, test1([9]), Int32Array.from([1]), 3), 1);
  // k = 2 at 5.4: 1 (class 0) then 10 (class 1) tie → class 0, the nearer.
  assert.equal(nearestNeighbourProbe(train, labels, test1([5.4]), Int32Array.from([0]), 2), 1);
  // k = 2 at 5.6: 10 is nearer than 1 → class 1.
  assert.equal(nearestNeighbourProbe(train, labels, test1([5.6]), Int32Array.from([1]), 2), 1);
});

test('test rows with another feature count are a clear error', () => {
  expectError(
    () =>
      nearestNeighbourProbe(
        train,
        labels,
        { data: new Float32Array(4), shape: [2, 2] },
        Int32Array.from([0, 1]),
      ),
    'FEATURES_SHAPE',
    'nearestNeighbourProbe',
    /test rows have 2 features, training rows 1/,
  );
});

test('no training rows, or labels that do not match the rows, are a clear error', () => {
  const empty = { data: new Float32Array(0), shape: [0, 1] };
  expectError(
    () => nearestNeighbourProbe(empty, new Int32Array(0), test1([1]), Int32Array.from([0])),
    'FEATURES_SHAPE',
    'nearestNeighbourProbe',
    /0 training rows with 0 labels/,
  );
  expectError(
    () => nearestNeighbourProbe(train, Int32Array.from([0, 1]), test1([1]), Int32Array.from([0])),
    'FEATURES_SHAPE',
    'nearestNeighbourProbe',
    /4 training rows with 2 labels/,
  );
});
