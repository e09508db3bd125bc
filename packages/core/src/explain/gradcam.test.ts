import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { expectError } from '../util/expect-error.ts';
import { briefCnn, buildModel, mlp } from '../models/index.ts';
import { gradCam, layerActivations } from './gradcam.ts';

await tf.setBackend('cpu');

/** 6×6×1 → conv 1×1 with filters [+1, −1] + relu → flatten → dense(2, softmax) summing each channel. */
function twoChannelCnn(): tf.LayersModel {
  const model = buildModel(
    {
      name: 'two-channel',
      inputShape: [6, 6, 1],
      layers: [
        { type: 'conv2d', filters: 2, kernelSize: 1, activation: 'relu' },
        { type: 'flatten' },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
    },
    1,
  );
  const dense = new Float32Array(72 * 2);
  for (let p = 0; p < 36; p++) {
    dense[(p * 2 + 0) * 2 + 0] = 1; // channel 0 → class 0
    dense[(p * 2 + 1) * 2 + 1] = 1; // channel 1 → class 1
  }
  model.setWeights([
    tf.tensor4d([1, -1], [1, 1, 1, 2]),
    tf.zeros([2]),
    tf.tensor2d(dense, [72, 2]),
    tf.zeros([2]),
  ]);
  return model;
}

test('Grad-CAM on a hand-built CNN equals relu(x) for class 0 and relu(−x) for class 1', () => {
  const model = twoChannelCnn();
  // Left half +1…, right half negative: class 0 looks left, class 1 looks right.
  const x = Float32Array.from({ length: 36 }, (_, i) => (i % 6 < 3 ? 1 + (i % 3) : -0.5 * (1 + (i % 3))));
  const c0 = gradCam(model, x, 1, { target: 0 });
  const c1 = gradCam(model, x, 1, { target: 1 });
  // ∂(class score)/∂A is 1 on every pixel of the class's channel and 0 on the other, so
  // α = (1/36)·36 = 1 for that channel and the map is that channel's activation.
  assert.equal(c0.layer, model.layers[0].name);
  assert.deepEqual(c0.camShape, [6, 6]);
  for (let i = 0; i < 36; i++) {
    assert.ok(Math.abs(c0.cam[i] - Math.max(0, x[i])) < 1e-6, `class 0 pixel ${i}: ${c0.cam[i]}`);
    assert.ok(Math.abs(c1.cam[i] - Math.max(0, -x[i])) < 1e-6, `class 1 pixel ${i}: ${c1.cam[i]}`);
  }
  // Same resolution: upsampling is the identity.
  assert.deepEqual(Array.from(c0.values), Array.from(c0.cam));
  // 'top': the left half's sum 18 beats the right half's 9, so class 0.
  assert.deepEqual(Array.from(gradCam(model, x, 1).targets), [0]);
  model.dispose();
});

test('Grad-CAM on the brief CNN upsamples the 26×26 map of the last conv to 28×28', () => {
  const model = buildModel(briefCnn(), 3);
  const x = Float32Array.from({ length: 2 * 784 }, (_, i) => ((i * 7919) % 255) / 255);
  const cam = gradCam(model, x, 2, { target: [3, 7] });
  assert.deepEqual(cam.camShape, [26, 26]);
  assert.deepEqual(cam.inputShape, [28, 28]);
  assert.equal(cam.values.length, 2 * 784);
  assert.ok(cam.values.every((v) => v >= 0));
  assert.deepEqual(Array.from(cam.targets), [3, 7]);
  const acts = layerActivations(model, x.subarray(0, 784), { only: 'Conv2D' });
  assert.equal(acts.length, 1);
  assert.deepEqual(acts[0].shape, [26, 26, 32]);
  assert.ok(
    acts[0].values.every((v) => v >= 0),
    'relu activations',
  );
  model.dispose();
});

test('Grad-CAM says which layers exist when the model has no conv layer', () => {
  const model = buildModel(mlp({ inputShape: [4], hidden: [3], classes: 2 }), 1);
  expectError(
    () => gradCam(model, new Float32Array(4), 1),
    'EXPLAIN_NO_CONV_LAYER',
    `Grad-CAM on model "${model.name}"`,
  );
  model.dispose();
});
