import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Trainer } from '../train/index.ts';
import { fakeQuant, fakeQuantWeights, QuantizationAwareTraining } from './qat.ts';

await tf.setBackend('cpu');

test('fakeQuant forward rounds to the grid, backward is the clipped identity (STE)', () => {
  // 2 bits on [0, 3]: grid 0, 1, 2, 3
  const x = tf.tensor1d([-1, 0.4, 0.6, 2.5, 2.49, 7]);
  assert.deepEqual([...fakeQuant(x, 0, 3, 2).dataSync()], [0, 0, 1, 3, 2, 3]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(fakeQuant(v, 0, 3, 2), tf.tensor1d([1, 2, 3, 4, 5, 6]))))(
    x,
  );
  assert.deepEqual([...g.dataSync()], [0, 2, 3, 4, 5, 0]);
});

test('QAT keeps the model on the int8 grid while the float shadow learns', async () => {
  const x = tf.randomNormal([64, 5], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.argMax(tf.matMul(x, tf.randomNormal([5, 3], 0, 1, 'float32', 2)), 1), 3).toFloat();
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [5],
        units: 8,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
      }),
    ],
  });
  const qat = new QuantizationAwareTraining(model);
  const trainer = new Trainer(model, { optimizer: { name: 'adam', learningRate: 0.02 } });
  const before = trainer.evaluate(x, y).loss;
  await trainer.fit(x, y, { epochs: 10, batchSize: 16, callbacks: [qat] });
  assert.ok(trainer.evaluate(x, y).loss < before * 0.8);
  // the live kernels are exactly their own int8 quantization (a fixed point of fake-quant)
  const k = model.getWeights()[0];
  const q = fakeQuantWeights(k.dataSync() as Float32Array, k.shape, 'int8-per-channel');
  assert.deepEqual([...k.dataSync()], [...q]);
  // and they are the quantization of the float shadow
  const shadow = Object.values(qat.floatWeights())[0];
  assert.deepEqual([...q], [...fakeQuantWeights(shadow, k.shape, 'int8-per-channel')]);
  assert.notDeepEqual([...shadow], [...q]);
});
