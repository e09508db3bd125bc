import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectError } from '../util/expect-error.ts';
import { backgroundOf, kmeansBackground, sampleBackground } from './background.ts';

test('kmeansBackground finds two separated clusters, weights them by size and snaps to data values', () => {
  // 6 rows near (0, 0) and 2 rows near (10, 10).
  const data = new Float64Array([0, 0, 0.2, 0, 0, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0, 10, 10, 10.2, 10.2]);
  const bg = kmeansBackground(data, 8, 2, { seed: 3 });
  const rows = [0, 1].map((i) => ({ x: bg.data[i * 2], y: bg.data[i * 2 + 1], w: bg.weights[i] }));
  rows.sort((a, b) => a.x - b.x);
  // Centroids (0.1, 0.0833…) and (10.1, 10.1) snap to the nearest values each feature takes.
  assert.deepEqual(rows, [
    { x: 0.1, y: 0.1, w: 0.75 },
    { x: 10, y: 10, w: 0.25 },
  ]);
});

test('sampleBackground draws distinct rows with equal weights, reproducibly', () => {
  const data = Float64Array.from({ length: 20 }, (_, i) => i);
  const a = sampleBackground(data, 10, 4, 7);
  const b = sampleBackground(data, 10, 4, 7);
  assert.deepEqual(a, b);
  assert.equal(new Set(Array.from({ length: 4 }, (_, i) => a.data[i * 2])).size, 4);
  for (let i = 0; i < 4; i++) assert.equal(a.data[i * 2 + 1], a.data[i * 2] + 1);
  assert.deepEqual(Array.from(a.weights), [0.25, 0.25, 0.25, 0.25]);
});

test('backgroundOf rejects data that is not whole rows', () => {
  expectError(() => backgroundOf(new Float64Array(5), 2), 'EXPLAIN_BAD_BACKGROUND', 'background');
});
