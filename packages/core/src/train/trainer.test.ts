import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../models/index.ts';
import { Trainer, clipByGlobalNorm, type GradientTransform } from './index.ts';

function linearModel(w: number, b: number): tf.LayersModel {
  const model = buildModel({ name: 'lin', inputShape: [1], layers: [{ type: 'dense', units: 1 }] });
  model.setWeights([tf.tensor2d([[w]]), tf.tensor1d([b])]);
  return model;
}

test('one SGD step on MSE matches the hand-computed update', () => {
  // pred = w·x + b with w=0.5, b=0; x=[1,2], y=[3,5] → residuals r = pred−y = [−2.5, −4]
  // dL/dw = mean(2·r·x) = (2·−2.5·1 + 2·−4·2)/2 = −10.5; dL/db = mean(2·r) = −6.5
  // lr 0.1 → w = 0.5 + 1.05 = 1.55, b = 0 + 0.65 = 0.65; loss = mean(r²) = (6.25+16)/2
  const model = linearModel(0.5, 0);
  const trainer = new Trainer(model, {
    loss: 'meanSquaredError',
    optimizer: { name: 'sgd', learningRate: 0.1 },
  });
  const r = trainer.trainStep(tf.tensor2d([[1], [2]]), tf.tensor2d([[3], [5]]), 0);
  assert.ok(Math.abs(r.loss - 11.125) < 1e-6);
  const [w, b] = model.getWeights().map((t) => t.dataSync()[0]);
  assert.ok(Math.abs(w - 1.55) < 1e-6, `w = ${w}`);
  assert.ok(Math.abs(b - 0.65) < 1e-6, `b = ${b}`);
});

test('gradient clipping runs before the optimizer and rescales the step', () => {
  // same batch: grads (−10.5, −6.5), global norm √(110.25+42.25) = 12.349…; clip to 1
  const model = linearModel(0.5, 0);
  const seen: number[] = [];
  const spy: GradientTransform = {
    name: 'spy',
    apply(grads) {
      seen.push(...Object.values(grads).map((g) => g.dataSync()[0]));
      return grads;
    },
  };
  const trainer = new Trainer(model, {
    loss: 'meanSquaredError',
    optimizer: { name: 'sgd', learningRate: 1 },
    transforms: [clipByGlobalNorm(1), spy],
  });
  trainer.trainStep(tf.tensor2d([[1], [2]]), tf.tensor2d([[3], [5]]), 0);
  const norm = Math.hypot(10.5, 6.5);
  assert.ok(Math.abs(seen[0] + 10.5 / norm) < 1e-6 && Math.abs(seen[1] + 6.5 / norm) < 1e-6);
  const [w, b] = model.getWeights().map((t) => t.dataSync()[0]);
  assert.ok(Math.abs(w - (0.5 + 10.5 / norm)) < 1e-6 && Math.abs(b - 6.5 / norm) < 1e-6);
});

function blobs(n: number): { x: tf.Tensor; y: tf.Tensor } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    xs.push(c * 2 - 1 + Math.sin(i) * 0.3, (c * 2 - 1) * 0.5 + Math.cos(i * 1.7) * 0.3);
    ys.push(c);
  }
  return { x: tf.tensor2d(xs, [n, 2]), y: tf.oneHot(tf.tensor1d(ys, 'int32'), 2) };
}

test('training is seeded and deterministic, learns separable data, and validates every epoch', async () => {
  const run = async () => {
    const model = buildModel(
      {
        name: 'b',
        inputShape: [2],
        layers: [
          { type: 'dense', units: 4, activation: 'relu' },
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
      },
      5,
    );
    const { x, y } = blobs(64);
    const trainer = new Trainer(model, { optimizer: { name: 'adam', learningRate: 0.05 } });
    const history = await trainer.fit(x, y, { epochs: 8, batchSize: 8, seed: 1, validationData: { x, y } });
    return { history, weights: model.getWeights().map((w) => Array.from(w.dataSync())) };
  };
  const a = await run();
  const b = await run();
  assert.deepEqual(a.weights, b.weights);
  assert.equal(a.history.length, 8);
  assert.ok(a.history.every((h) => typeof h.val_loss === 'number' && typeof h.val_accuracy === 'number'));
  assert.ok(a.history[7].val_accuracy >= 0.95, `val_accuracy ${a.history[7].val_accuracy}`);
  assert.ok(a.history[7].loss < a.history[0].loss);
});

test('no tensors leak across epochs', async () => {
  const model = buildModel({
    name: 'b',
    inputShape: [2],
    layers: [{ type: 'dense', units: 2, activation: 'softmax' }],
  });
  const { x, y } = blobs(32);
  const trainer = new Trainer(model);
  await trainer.fit(x, y, { epochs: 1, batchSize: 8 });
  const before = tf.memory().numTensors;
  await trainer.fit(x, y, { epochs: 4, batchSize: 8, validationData: { x, y } });
  assert.equal(tf.memory().numTensors, before);
});

test('a NaN loss stops training with a clear error', async () => {
  const model = linearModel(0.5, 0);
  const trainer = new Trainer(model, {
    loss: 'meanSquaredError',
    optimizer: { name: 'sgd', learningRate: 0.1 },
  });
  await assert.rejects(
    trainer.fit(tf.tensor2d([[NaN], [1]]), tf.tensor2d([[1], [1]]), { epochs: 1 }),
    /loss became NaN.*|clip/,
  );
});
