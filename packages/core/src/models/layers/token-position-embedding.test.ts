import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { TokenAndPositionEmbedding } from './token-position-embedding.ts';
import { MaskedGlobalAveragePooling1D } from './masked-average-pooling.ts';
import { checkLayerConformance } from '../layer-conformance.ts';
import { buildModel } from '../build.ts';

test('output is token row + position row, and the mask marks non-zero ids', () => {
  const layer = new TokenAndPositionEmbedding({ vocabSize: 3, maxLen: 4, dim: 2 });
  layer.build([null, 2]);
  layer.setWeights([
    tf.tensor2d([
      [0, 0],
      [1, 2],
      [10, 20],
    ]),
    tf.tensor2d([
      [100, 200],
      [300, 400],
      [0, 0],
      [0, 0],
    ]),
  ]);
  const ids = tf.tensor2d([
    [2, 1],
    [1, 0],
  ]);
  assert.deepEqual((layer.apply(ids) as tf.Tensor).arraySync(), [
    [
      [110, 220],
      [301, 402],
    ],
    [
      [101, 202],
      [300, 400],
    ],
  ]);
  assert.deepEqual((layer.computeMask(ids) as tf.Tensor).arraySync(), [
    [1, 1],
    [1, 0],
  ]);
});

test('masked average pooling averages only real steps', () => {
  const pool = new MaskedGlobalAveragePooling1D();
  const x = tf.tensor3d([
    [
      [1, 2],
      [3, 4],
      [100, 100],
    ],
  ]);
  const mask = tf.tensor2d([[1, 1, 0]], undefined, 'bool');
  assert.deepEqual((pool.apply(x, { mask }) as tf.Tensor).arraySync(), [[2, 3]]);
  const plain = (pool.apply(x) as tf.Tensor).arraySync() as number[][];
  plain[0].forEach((v, i) => assert.ok(Math.abs(v - [104 / 3, 106 / 3][i]) < 1e-4));
  const none = tf.tensor2d([[0, 0, 0]], undefined, 'bool');
  assert.deepEqual((pool.apply(x, { mask: none }) as tf.Tensor).arraySync(), [[0, 0]]);
});

test('TokenAndPositionEmbedding conforms (build, call, serialize, train)', async () => {
  await checkLayerConformance({
    className: TokenAndPositionEmbedding.className,
    makeModel: () =>
      buildModel(
        {
          name: 'emb',
          inputShape: [3],
          layers: [
            { type: 'tokenAndPositionEmbedding', vocabSize: 6, maxLen: 3, dim: 4 },
            { type: 'globalAvgPool1d' },
            { type: 'dense', units: 1 },
          ],
        },
        2,
      ),
    x: tf.tensor2d([
      [1, 2, 3],
      [4, 5, 0],
    ]),
    y: tf.tensor2d([[1], [-1]]),
    outputShape: [2, 1],
  });
});

test('MaskedGlobalAveragePooling1D serializes inside a model', async () => {
  await checkLayerConformance({
    className: MaskedGlobalAveragePooling1D.className,
    makeModel: () =>
      buildModel(
        {
          name: 'pool',
          inputShape: [3],
          layers: [
            { type: 'embedding', inputDim: 6, outputDim: 4, maskZero: true },
            { type: 'globalAvgPool1d' },
            { type: 'dense', units: 1 },
          ],
        },
        2,
      ),
    x: tf.tensor2d([
      [1, 2, 3],
      [4, 5, 0],
    ]),
    y: tf.tensor2d([[1], [-1]]),
    outputShape: [2, 1],
    weightless: true,
  });
});
