import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel, type ModelConfig } from '../models/index.ts';
import { computeLoss } from '../train/index.ts';
import {
  compareOptimizers,
  optimizerComparisonSection,
  optimizerComparisonSpec,
} from './optimizer-comparison.ts';

const config: ModelConfig = {
  name: 'toy',
  inputShape: [4],
  layers: [{ type: 'dense', units: 3, activation: 'softmax' }],
};

function toyData(n: number) {
  const x = tf.randomUniform([n, 4], -1, 1, 'float32', 3);
  const y = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % 3),
        'int32',
      ),
      3,
    )
    .toFloat();
  return { x, y };
}

test('one curve per optimizer, sampled at step 0, every evalEvery steps and at the last step', async () => {
  const train = toyData(16);
  const validation = toyData(8);
  const r = await compareOptimizers(
    config,
    { train, validation },
    { seed: 5, trainLimit: 10, validationLimit: 5, batchSize: 4, epochs: 3, evalEvery: 4 },
  );
  assert.deepEqual(
    r.curves.map((c) => c.label),
    ['SGD + momentum', 'RMSprop', 'AdamW', 'Adam'],
  );
  // 10 examples in batches of 4: 3 steps an epoch, 9 steps in all.
  assert.equal(r.steps, 9);
  assert.equal(r.trainExamples, 10);
  assert.equal(r.validationExamples, 5);
  for (const c of r.curves) {
    assert.deepEqual(
      c.points.map((p) => p.step),
      [0, 4, 8, 9],
    );
    for (const p of c.points) {
      assert.ok(p.valAccuracy >= 0 && p.valAccuracy <= 1);
      assert.ok(Number.isFinite(p.valLoss) && p.valLoss > 0);
    }
  }
  // Same seed, same model: every curve starts from the same point.
  for (const c of r.curves) assert.deepEqual(c.points[0], r.curves[0].points[0]);
  // ...and the optimizers then differ.
  assert.notEqual(r.curves[0].points[3].valLoss, r.curves[3].points[3].valLoss);
  // Without `epochs`: enough epochs for 250 steps (3 steps an epoch → 84 epochs, 252 steps), a point every 50 steps and at the end.
  const long = await compareOptimizers(
    config,
    { train, validation },
    { seed: 5, trainLimit: 10, batchSize: 4, contenders: [{ label: 'Adam', optimizer: { name: 'adam' } }] },
  );
  assert.equal(long.epochs, 84);
  assert.deepEqual(
    long.curves[0].points.map((p) => p.step),
    [0, 50, 100, 150, 200, 250, 252],
  );
  tf.dispose([train.x, train.y, validation.x, validation.y]);
});

test('first-step updates: Adam moves by lr, RMSprop by lr/√(1−ρ), momentum SGD by lr·max|g|', async () => {
  const n = 12;
  const train = toyData(n);
  const validation = toyData(6);
  // One batch holds the whole training set, so the first gradient is the full-batch gradient.
  const r = await compareOptimizers(
    config,
    { train, validation },
    { seed: 9, batchSize: n, epochs: 1, evalEvery: 1 },
  );
  const by = Object.fromEntries(r.curves.map((c) => [c.label, c]));
  assert.ok(Math.abs(by.Adam.firstStepMaxUpdate - 1e-3) < 1e-6, `Adam ${by.Adam.firstStepMaxUpdate}`);
  const rms = 1e-3 / Math.sqrt(1 - 0.9);
  assert.ok(
    Math.abs(by.RMSprop.firstStepMaxUpdate - rms) / rms < 1e-3,
    `RMSprop ${by.RMSprop.firstStepMaxUpdate}`,
  );

  const model = buildModel(config, 9);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads, value } = tf.variableGrads(
    () => computeLoss('categoricalCrossentropy', train.y, model.apply(train.x) as tf.Tensor),
    vars,
  );
  const maxGrad = Math.max(...Object.values(grads).map((g) => g.abs().max().dataSync()[0]));
  const maxW = Math.max(...vars.map((v) => v.abs().max().dataSync()[0]));
  const sgd = by['SGD + momentum'].firstStepMaxUpdate;
  assert.ok(Math.abs(sgd - 0.01 * maxGrad) < 1e-6, `SGD ${sgd} vs ${0.01 * maxGrad}`);
  // AdamW: Adam's step plus decoupled decay lr·wd·|w|.
  const adamw = by.AdamW.firstStepMaxUpdate;
  assert.ok(adamw >= 1e-3 - 1e-6 && adamw <= 1e-3 * (1 + 0.01 * maxW) + 1e-6, `AdamW ${adamw}`);
  // One step: points at 0 and 1 only.
  for (const c of r.curves) assert.equal(c.points.length, 2);
  tf.dispose([train.x, train.y, validation.x, validation.y, value, ...Object.values(grads)]);
  model.dispose();
});

test('the section has the chart and one table row per optimizer', async () => {
  const curve = (label: string, acc: number) => ({
    label,
    optimizer: { name: 'adam' as const, learningRate: 1e-3 },
    points: [
      { step: 0, valLoss: 2.3, valAccuracy: 0.1 },
      { step: 50, valLoss: 0.5, valAccuracy: acc },
    ],
    firstStepMaxUpdate: 1e-3,
    seconds: 1.5,
  });
  const result = {
    curves: [curve('A<b>', 0.9), curve('B', 0.8)],
    trainExamples: 100,
    validationExamples: 10,
    batchSize: 32,
    epochs: 1,
    steps: 50,
    evalEvery: 50,
  };
  const spec = optimizerComparisonSpec(result) as { data: { values: unknown[] } };
  assert.equal(spec.data.values.length, 2 * 2 * 2);
  const s = await optimizerComparisonSection(result);
  assert.equal(s.title, 'Optimizer comparison');
  assert.match(s.html, /<svg/);
  assert.equal((s.html.match(/<tr><td>/g) ?? []).length, 2);
  assert.match(s.html, /A&lt;b&gt;/);
  assert.match(s.html, /90\.00%/);
});
