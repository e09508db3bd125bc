import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { formatQuantizationErrorReport, quantizationErrorReport } from './quant-debug.ts';

await tf.setBackend('cpu');

test('the error report: per-layer SQNR of int8 ≈ 6.02·8 − const dB, uint8 worse, exact weights → ∞', () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [16],
        units: 32,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 4,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  const x = tf.randomNormal([128, 16], 0, 1, 'float32', 3);
  const before = model.getWeights().map((w) => [...w.dataSync()]);
  const int8 = quantizationErrorReport(model, x, 'int8-per-channel');
  const uint8 = quantizationErrorReport(model, x, 'uint8');
  assert.deepEqual(
    model.getWeights().map((w) => [...w.dataSync()]),
    before,
  ); // restored
  assert.equal(int8.layers.length, 2);
  for (const l of int8.layers)
    assert.ok(l.weightSqnrDb > 30 && l.weightSqnrDb < 50, `${l.layer} ${l.weightSqnrDb}`);
  // per-channel scales fit each column: never worse than one per-tensor scale over ~the same grid
  assert.ok(int8.layers[0].weightSqnrDb > uint8.layers[0].weightSqnrDb - 1);
  assert.ok(int8.topOneFlipRate < 0.05 && int8.outputMae < 0.01);
  assert.match(formatQuantizationErrorReport(int8), /all kernels int8-per-channel/);
  // a kernel already on the int8 grid has no error
  const grid = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 1, useBias: false, weights: [tf.tensor2d([[127], [-64]])] }),
    ],
  });
  const r = quantizationErrorReport(grid, tf.ones([2, 2]));
  assert.equal(r.layers[0].weightSqnrDb, Infinity);
  assert.equal(r.layers[0].outputRmse, 0);
});
