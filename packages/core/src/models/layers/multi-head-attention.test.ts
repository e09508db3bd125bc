import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { MultiHeadAttention } from './multi-head-attention.ts';
import { selfAttention } from './ops.ts';
import { checkLayerConformance } from '../layer-conformance.ts';
import { buildModel } from '../build.ts';

const eye = tf.tensor2d([
  [1, 0],
  [0, 1],
]);
const zeros2 = tf.zeros([2]);
const identity = {
  query: eye,
  queryBias: zeros2,
  key: eye,
  keyBias: zeros2,
  value: eye,
  valueBias: zeros2,
  output: eye,
  outputBias: zeros2,
};

test('one head with identity projections gives the hand-computed softmax mix', () => {
  const x = tf.tensor3d([
    [
      [1, 0],
      [0, 1],
    ],
  ]);
  // scores = x·xᵀ/√2 = [[1/√2, 0], [0, 1/√2]]; p = softmax([1/√2, 0])[0] = 1/(1 + e^(−1/√2))
  const p = 1 / (1 + Math.exp(-1 / Math.SQRT2));
  const out = selfAttention(x, identity, 1).arraySync() as number[][][];
  const want = [
    [p, 1 - p],
    [1 - p, p],
  ];
  out[0].forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-6, `${v} vs ${want[i][j]}`)),
  );
  // Masking the second token: every query attends only to the first.
  const masked = selfAttention(x, identity, 1, tf.tensor2d([[1, 0]])).arraySync() as number[][][];
  masked[0].forEach((row) => row.forEach((v, j) => assert.ok(Math.abs(v - [1, 0][j]) < 1e-6)));
  x.dispose();
});

test('padding does not change the outputs at real tokens', () => {
  const cfg = (len: number) => ({
    name: 'mha',
    inputShape: [len],
    layers: [
      { type: 'tokenAndPositionEmbedding' as const, vocabSize: 9, maxLen: 6, dim: 8 },
      { type: 'multiHeadAttention' as const, numHeads: 2 },
    ],
  });
  const padded = buildModel(cfg(6), 3);
  const exact = buildModel(cfg(3), 3);
  exact.setWeights(padded.getWeights());
  const a = (padded.predict(tf.tensor2d([[4, 5, 6, 0, 0, 0]])) as tf.Tensor).arraySync() as number[][][];
  const b = (exact.predict(tf.tensor2d([[4, 5, 6]])) as tf.Tensor).arraySync() as number[][][];
  a[0]
    .slice(0, 3)
    .flat()
    .forEach((v, i) => assert.ok(Math.abs(v - b[0].flat()[i]) < 1e-5, `${v} vs ${b[0].flat()[i]}`));
  // Without the mask the padded keys would leak in: real tokens 7, 8 in their place change the outputs.
  const c = (padded.predict(tf.tensor2d([[4, 5, 6, 7, 8, 0]])) as tf.Tensor).arraySync() as number[][][];
  assert.ok(
    c[0]
      .slice(0, 3)
      .flat()
      .some((v, i) => Math.abs(v - b[0].flat()[i]) > 1e-4),
  );
  padded.dispose();
  exact.dispose();
});

test('MultiHeadAttention conforms (build, call, serialize, train)', async () => {
  await checkLayerConformance({
    className: MultiHeadAttention.className,
    makeModel: () =>
      buildModel(
        {
          name: 'mha',
          inputShape: [4],
          layers: [
            { type: 'embedding', inputDim: 5, outputDim: 4, maskZero: true },
            { type: 'multiHeadAttention', numHeads: 2 },
            { type: 'globalAvgPool1d' },
            { type: 'dense', units: 1 },
          ],
        },
        1,
      ),
    x: tf.tensor2d([
      [1, 2, 3, 0],
      [4, 3, 0, 0],
    ]),
    y: tf.tensor2d([[1], [-1]]),
    outputShape: [2, 1],
  });
});
