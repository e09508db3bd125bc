import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectError } from '../util/expect-error.ts';
import { buildModel } from './build.ts';
import { infer } from './infer.ts';

const model = buildModel(
  {
    name: 'small',
    inputShape: [4, 4, 1],
    layers: [
      { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
      { type: 'flatten' },
      { type: 'dropout', rate: 0.5 },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
  },
  7,
);

test('infer equals predict (dropout is the identity) for batches of 1 and 40', () => {
  for (const n of [1, 40]) {
    const x = tf.randomUniform([n, 4, 4, 1], 0, 1, 'float32', n);
    const a = infer(model, x) as tf.Tensor;
    const b = model.predict(x) as tf.Tensor;
    assert.deepEqual(a.shape, [n, 3]);
    const [av, bv] = [a.dataSync(), b.dataSync()];
    for (let i = 0; i < av.length; i++) assert.ok(Math.abs(av[i] - bv[i]) < 1e-6, `entry ${i}`);
    tf.dispose([x, a, b]);
  }
});

test('infer leaves only its output tensor behind', () => {
  const x = tf.ones([2, 4, 4, 1]);
  const before = tf.memory().numTensors;
  const y = infer(model, x) as tf.Tensor;
  assert.equal(tf.memory().numTensors, before + 1);
  tf.dispose([x, y]);
});

test('infer rejects a wrong input shape or count with a clear error', () => {
  const x = tf.ones([2, 5, 4, 1]);
  expectError(() => infer(model, x), 'INFER_INPUT', model.inputs[0].name, /expects \[any,4,4,1\]/);
  expectError(() => infer(model, [x, x]), 'INFER_INPUT', 'inputs', /takes 1 input/);
  x.dispose();
});
