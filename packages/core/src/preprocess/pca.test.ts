import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { expectError } from '../util/expect-error.ts';
import { PCA, symmetricEigen } from './pca.ts';
import { stepFromJson, stepToJson } from './step.ts';

await tf.setBackend('cpu');

// Points t·(1,1)/√2 + s·(1,−1)/√2 with Σt = Σs = Σts = 0: the axes are the diagonals,
// with sample variances Σt²/4 = 2.5 and Σs²/4 = 0.025.
const t = [-2, -1, 0, 1, 2];
const s = [0.1, -0.2, 0, 0.2, -0.1];
const r = Math.SQRT1_2;
const X = {
  data: Float32Array.from(t.flatMap((ti, i) => [r * (ti + s[i]), r * (ti - s[i])])),
  shape: [5, 2],
};

test('Jacobi eigen-decomposition of [[2, 1], [1, 2]]: 3 and 1 on the diagonals', () => {
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
  assert.ok(Math.abs(values[0] - 3) < 1e-12 && Math.abs(values[1] - 1) < 1e-12);
  assert.ok(Math.abs(Math.abs(vectors[0][0]) - r) < 1e-12 && Math.abs(vectors[0][0] - vectors[0][1]) < 1e-12);
});

test('PCA finds the hand-computed axes and variances', () => {
  const p = new PCA({ nComponents: 2 }).fit(X);
  const [c1, c2] = p.components;
  for (const [got, want] of [
    [c1, [r, r]],
    [c2, [r, -r]],
  ])
    for (let i = 0; i < 2; i++) assert.ok(Math.abs(Math.abs(got[i]) - Math.abs(want[i])) < 1e-5);
  assert.ok(c1[0] > 0 && c1[1] > 0, 'sign fixed: largest entry positive');
  const [v1, v2] = p.explainedVariance;
  assert.ok(Math.abs(v1 - 2.5) < 1e-5 && Math.abs(v2 - 0.025) < 1e-5, `${v1} ${v2}`);
  assert.ok(Math.abs(p.explainedVarianceRatio[0] - 2.5 / 2.525) < 1e-5);
  // Scores on the first axis are t (up to float error).
  const z = p.transform(X);
  t.forEach((ti, i) => assert.ok(Math.abs(z.data[i * 2] - ti) < 1e-5));
});

test('full-rank round trip is exact; whitening gives unit variance; config round trip', () => {
  const p = new PCA({ nComponents: 2, whiten: true }).fit(X);
  const z = p.transform(X);
  let v = 0;
  for (let i = 0; i < 5; i++) v += z.data[i * 2] ** 2 / 4;
  assert.ok(Math.abs(v - 1) < 1e-4);
  const back = p.inverseTransform(z);
  back.data.forEach((b, i) => assert.ok(Math.abs(b - X.data[i]) < 1e-5));
  const again = stepFromJson(JSON.parse(JSON.stringify(stepToJson(p)))) as PCA;
  assert.deepEqual([...again.transform(X).data], [...z.data]);
});

test('top-k of a larger random matrix matches the full eigen-decomposition', () => {
  const n = 200;
  const d = 12;
  let seed = 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  const scales = Array.from({ length: d }, (_, j) => 1 + j);
  const data = Float32Array.from({ length: n * d }, (_, i) => rnd() * scales[i % d]);
  const p = new PCA({ nComponents: 3 }).fit({ data, shape: [n, d] });
  // Reference: Jacobi on the full covariance.
  const mean = Array.from({ length: d }, (_, j) => {
    let a = 0;
    for (let i = 0; i < n; i++) a += data[i * d + j];
    return a / n;
  });
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += (data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b]);
      cov[a * d + b] = acc / (n - 1);
    }
  const ref = symmetricEigen(cov, d);
  p.explainedVariance.forEach((v, i) =>
    assert.ok(Math.abs(v - ref.values[i]) / ref.values[i] < 1e-3, `${v} vs ${ref.values[i]}`),
  );
});

test('PCA errors: before fit, too many components', () => {
  expectError(() => new PCA({ nComponents: 1 }).transform(X), 'PREPROCESS_NOT_FITTED', 'PCA');
  expectError(() => new PCA({ nComponents: 3 }).fit(X), 'PREPROCESS_BAD_SHAPE', 'PCA.fit');
});
