/**
 * Analytic gradients (tf.grads through the native backprop kernels) against
 * central finite differences, both computed on the onednn backend.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { OnednnBackend } from './backend.ts';
import { seededRandom, uniform } from './random.ts';
import { registerOnednnBackend } from './select-backend.ts';

const registered = registerOnednnBackend();
const skip = registered.ok ? false : 'onednn addon unavailable';

before(async () => {
  if (registered.ok) await tf.setBackend('onednn');
});

/**
 * Checks d loss / d inputs[k] at `probes` random coordinates. The losses are
 * quadratic in each input, so the central difference is exact up to float32
 * rounding of the loss, which `atol` covers.
 */
function checkGradients(
  loss: (...xs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
  probes: number,
  seed: number,
  atol: number,
): void {
  const analytic = tf
    .grads((...xs: tf.Tensor[]) => loss(...xs))(inputs)
    .map((g) => g.dataSync());
  const rand = seededRandom(seed);
  const h = 1e-2;
  inputs.forEach((input, k) => {
    const base = input.dataSync().slice();
    for (let p = 0; p < probes; p++) {
      const i = Math.floor(rand() * base.length);
      const at = (delta: number) => {
        const values = base.slice();
        values[i] += delta;
        return tf.tidy(
          () => loss(...inputs.map((x, j) => (j === k ? tf.tensor(values, x.shape) : x))).dataSync()[0],
        );
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      const got = analytic[k][i];
      assert.ok(
        Math.abs(got - numeric) <= atol + 1e-2 * Math.abs(numeric),
        `input ${k}[${i}]: analytic ${got} vs numeric ${numeric}`,
      );
    }
  });
}

test('conv2d gradients (input and filter) match finite differences', { skip }, () => {
  const backend = tf.backend() as OnednnBackend;
  backend.resetCounts();
  const rand = seededRandom(5);
  const x = tf.tensor(uniform(rand, 2 * 7 * 6 * 3), [2, 7, 6, 3]);
  const f = tf.tensor(uniform(rand, 3 * 3 * 3 * 4), [3, 3, 3, 4]);
  const w = tf.tensor(uniform(rand, 2 * 4 * 3 * 4), [2, 4, 3, 4]);
  const loss = (a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')), w)) as tf.Scalar;
  checkGradients(loss, [x, f], 12, 11, 2e-3);
  assert.ok((backend.counts.native.get('Conv2DBackpropInput') ?? 0) > 0);
  assert.ok((backend.counts.native.get('Conv2DBackpropFilter') ?? 0) > 0);
  tf.dispose([x, f, w]);
});

test('matMul gradients (both operands, transposed) match finite differences', { skip }, () => {
  const backend = tf.backend() as OnednnBackend;
  backend.resetCounts();
  const rand = seededRandom(6);
  const a = tf.tensor(uniform(rand, 9 * 5), [9, 5]);
  const b = tf.tensor(uniform(rand, 6 * 9), [6, 9]);
  const w = tf.tensor(uniform(rand, 5 * 6), [5, 6]);
  const loss = (p: tf.Tensor, q: tf.Tensor) =>
    tf.sum(tf.mul(tf.square(tf.matMul(p, q, true, true)), w)) as tf.Scalar;
  checkGradients(loss, [a, b], 12, 12, 2e-3);
  assert.ok((backend.counts.native.get('BatchMatMul') ?? 0) > 0);
  tf.dispose([a, b, w]);
});

// Max pooling is left out: a finite step can change the argmax, so the central
// difference is not a valid reference there (the conformance suite compares
// MaxPoolGrad with the cpu kernel instead).
test('depthwise conv and avg-pool gradients match finite differences', { skip }, () => {
  const rand = seededRandom(7);
  const x = tf.tensor(uniform(rand, 1 * 8 * 8 * 2), [1, 8, 8, 2]);
  const f = tf.tensor(uniform(rand, 3 * 3 * 2 * 2), [3, 3, 2, 2]);
  const loss = (a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(
      tf.square(tf.avgPool(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), 2, 2, 'valid')),
    ) as tf.Scalar;
  checkGradients(loss, [x, f], 8, 13, 5e-3);
  tf.dispose([x, f]);
});
