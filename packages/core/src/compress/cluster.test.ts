import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { clusterWeights, kmeans1d } from './cluster.ts';

await tf.setBackend('cpu');

test('k-means on two obvious groups finds their means', () => {
  const r = kmeans1d(Float32Array.from([0, 0.1, 10, 10.2, 0.2]), 2);
  assert.deepEqual(
    [...r.centroids].map((c) => +c.toFixed(5)),
    [0.1, 10.1],
  );
  assert.deepEqual([...r.assignments], [0, 0, 1, 1, 0]);
});

test('k-means never increases the error of the linear initialisation and uses ≤ k values', () => {
  const values = tf.randomNormal([2000], 0, 1, 'float32', 8).dataSync() as Float32Array;
  const one = kmeans1d(values, 16, 1);
  const many = kmeans1d(values, 16, 30);
  const mse = (r: ReturnType<typeof kmeans1d>) =>
    values.reduce((s, v, i) => s + (v - r.centroids[r.assignments[i]]) ** 2, 0) / values.length;
  assert.ok(mse(many) <= mse(one));
  // 16 clusters of a unit normal: quantization MSE well below the variance (Lloyd–Max ≈ 0.0095)
  assert.ok(mse(many) < 0.02, `mse ${mse(many)}`);
});

test('clusterWeights leaves ≤ 16 distinct values per kernel, biases untouched, input untouched', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [20],
        units: 30,
        biasInitializer: 'ones',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
    ],
  });
  const before = [...model.getWeights()[0].dataSync()];
  const { model: c, report } = await clusterWeights(model, { clusters: 16 });
  assert.equal(new Set(c.getWeights()[0].dataSync()).size, 16);
  assert.equal(report.weights[0].distinctValues, 16);
  assert.deepEqual([...c.getWeights()[1].dataSync()], new Array(30).fill(1));
  assert.deepEqual([...model.getWeights()[0].dataSync()], before);
  // 600 weights × 4 bits + 16 centroids × 4 B + 30 biases × 4 B
  assert.equal(report.packedBytes, 300 + 64 + 120);
});
