import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { countParams } from '../models/index.ts';
import { pruneStructured } from './structured.ts';

await tf.setBackend('cpu');

function cnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [6, 6, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        biasInitializer: tf.initializers.randomUniform({ minval: 0, maxval: 0.1, seed: 9 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 6,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      }),
    ],
  });
}

test('removing filters whose outputs are zero changes nothing but the size', async () => {
  const model = cnn();
  // make filters 1 and 3 dead (zero kernel and bias) and dense units 0, 4 dead
  const w = model.getWeights().map((t) => t.arraySync());
  const [k0, b0, k1, b1] = w as [number[][][][], number[], number[][], number[]];
  for (const f of [1, 3]) {
    k0.forEach((r) => r.forEach((c) => c.forEach((inp) => (inp[f] = 0))));
    b0[f] = 0;
  }
  for (const u of [0, 4]) {
    k1.forEach((row) => (row[u] = 0));
    b1[u] = 0;
  }
  model.setWeights([
    tf.tensor(k0),
    tf.tensor(b0),
    tf.tensor(k1),
    tf.tensor(b1),
    ...model.getWeights().slice(4),
  ]);
  const { model: small, report } = await pruneStructured(model, {
    fraction: 0.5,
    fractions: { [model.layers[3].name]: 1 / 3 },
  });
  assert.deepEqual(
    report.layers.map((l) => [l.before, l.after, l.kept]),
    [
      [4, 2, [0, 2]],
      [6, 4, [1, 2, 3, 5]],
    ],
  );
  // conv 3·3·1·2 + 2, dense (2·2·2)·4 + 4, out 4·3 + 3
  assert.equal(countParams(small), 20 + 36 + 15);
  const x = tf.randomUniform([5, 6, 6, 1], 0, 1, 'float32', 4);
  const a = (model.predict(x) as tf.Tensor).dataSync();
  const b = (small.predict(x) as tf.Tensor).dataSync();
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-6, `${v} vs ${b[i]}`));
});

test('live filters are ranked by L1 norm: the smallest go', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [2],
        units: 3,
        useBias: false,
        weights: [
          tf.tensor2d([
            [1, -5, 0.5],
            [1, 2, 0.1],
          ]),
        ],
      }),
      tf.layers.dense({ units: 1, useBias: false, weights: [tf.tensor2d([[1], [2], [3]])] }),
    ],
  });
  const { model: small, report } = await pruneStructured(model, { fraction: 0.34 });
  assert.deepEqual(report.layers[0].kept, [0, 1]); // norms 2, 7, 0.6
  assert.deepEqual([...small.getWeights()[1].dataSync()], [1, 2]);
});
