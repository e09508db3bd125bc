import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trainer } from '../train/index.ts';
import { loadModel, saveModel } from '../io/index.ts';
import { formatSparsityReport, MagnitudePruner, pruneOneShot, sparsityReport } from './pruner.ts';
import { keepSparsity, polynomialDecay } from './schedule.ts';
import { expectError } from '../util/expect-error.ts';

await tf.setBackend('cpu');

function tiny(seed = 1): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [8],
        units: 16,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
}
const x = tf.randomNormal([64, 8], 0, 1, 'float32', 3);
const y = tf.oneHot(tf.argMax(tf.matMul(x, tf.randomNormal([8, 3], 0, 1, 'float32', 4)), 1), 3).toFloat();
const zeroMask = (m: tf.LayersModel) =>
  m.getWeights().map((w) => [...w.dataSync()].map((v) => (v === 0 ? 1 : 0)));

test('gradual pruning reaches the exact scheduled sparsity, and it holds through training, save and load', async () => {
  const model = tiny();
  const pruner = new MagnitudePruner(model, {
    schedule: polynomialDecay({ initialSparsity: 0, finalSparsity: 0.75, endStep: 12, frequency: 4 }),
  });
  const trainer = new Trainer(model, {
    optimizer: { name: 'adam', learningRate: 0.01 },
    transforms: [pruner],
  });
  // 2 steps per epoch (batch 32): masks update at steps 0, 4, 8, 12
  await trainer.fit(x, y, { epochs: 8, batchSize: 32, callbacks: [pruner] });
  // at step 8: 0.75·(1 − (1 − 8/12)^3) = 0.7222…; at 12: 0.75 exactly
  const r = sparsityReport(model);
  assert.equal(r.weights[0].zeros, Math.round(0.75 * 128)); // 96 of dense_1's 8×16
  assert.equal(r.weights[2].zeros, Math.round(0.75 * 48)); // 36 of dense_2's 16×3
  assert.equal(r.weights[1].zeros, 0); // biases are not pruned
  assert.equal(r.kernelSparsity, 132 / 176);
  const pattern = zeroMask(model);

  // further training past the end step keeps the same zeros
  await trainer.fit(x, y, { epochs: 12, batchSize: 32, callbacks: [pruner] });
  assert.deepEqual(zeroMask(model), pattern);
  const report = pruner.strip();
  assert.match(formatSparsityReport(report), /dense_Dense1\/kernel +\[8, 16\] +128 +75\.00%/);

  // save → load → train with the loaded zero pattern kept
  const dir = await mkdtemp(join(tmpdir(), 'frontier-prune-'));
  await saveModel(model, dir);
  const loaded = await loadModel(dir);
  assert.deepEqual(zeroMask(loaded), pattern);
  const keep = new MagnitudePruner(loaded, { schedule: keepSparsity() });
  const t2 = new Trainer(loaded, { optimizer: { name: 'adam', learningRate: 0.01 }, transforms: [keep] });
  await t2.fit(x, y, { epochs: 3, batchSize: 32, callbacks: [keep] });
  assert.deepEqual(zeroMask(loaded), pattern);
  // control: without the pruner, Adam revives the pruned weights (so the test can fail)
  const t3 = new Trainer(loaded, { optimizer: { name: 'adam', learningRate: 0.01 } });
  await t3.fit(x, y, { epochs: 1, batchSize: 32 });
  assert.notDeepEqual(zeroMask(loaded), pattern);
});

test('one-shot global pruning is exact over all kernels together', () => {
  const model = tiny(5);
  const r = pruneOneShot(model, 0.5, { scope: 'global' });
  assert.equal(r.weights[0].zeros + r.weights[2].zeros, 88);
  assert.equal(r.kernelSparsity, 0.5);
  const r2 = pruneOneShot(tiny(5), 0.5, { pattern: { kind: 'nm', n: 2, m: 4 } });
  assert.equal(r2.weights[0].zeros, 64);
  assert.equal(r2.weights[2].zeros, 24);
});

test('a model without kernels is refused', () => {
  const m = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2] })] });
  expectError(() => pruneOneShot(m, 0.5), 'PRUNE_NOTHING', 'PruneOptions.include');
});
