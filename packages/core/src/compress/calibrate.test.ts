import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { calibrateActivations } from './calibrate.ts';
import { expectError } from '../util/expect-error.ts';

await tf.setBackend('cpu');

test('calibration records each layer output range and its uint8 scale', () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1], units: 2, useBias: false, weights: [tf.tensor2d([[2, -1]])] }),
      tf.layers.activation({ activation: 'relu' }),
    ],
  });
  const x = tf.tensor2d([[-1], [0.5], [3]]);
  const [dense, relu] = calibrateActivations(model, x);
  // dense outputs: [-2, 1], [1, -0.5], [6, -3]
  assert.deepEqual([dense.min, dense.max], [-3, 6]);
  assert.ok(Math.abs(dense.scale - 9 / 255) < 1e-12);
  assert.equal(dense.zeroPoint, 85);
  assert.deepEqual([relu.min, relu.max, relu.zeroPoint], [0, 6, 0]);
  // percentile calibration ignores an outlier
  const p = calibrateActivations(model, tf.tensor2d([...Array(999).fill([1]), [1000]]), {
    method: 'percentile',
    percentile: 99,
  });
  assert.equal(p[0].max, 2);
});

test('an empty calibration set is refused', () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1 })] });
  expectError(() => calibrateActivations(model, tf.zeros([0, 1])), 'CALIBRATION_EMPTY', 'x');
});
