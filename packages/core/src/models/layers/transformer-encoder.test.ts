import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { TransformerEncoder } from './transformer-encoder.ts';
import { checkLayerConformance } from '../layer-conformance.ts';
import { buildModel } from '../build.ts';

/** An encoder block whose attention and feed-forward weights are all zero (norms stay γ=1, β=0). */
function zeroSublayers(normFirst: boolean): TransformerEncoder {
  const layer = new TransformerEncoder({ numHeads: 1, ffDim: 3, dropout: 0, normFirst, epsilon: 0 });
  layer.build([null, 2, 2]);
  layer.setWeights(
    layer
      .getWeights()
      .map((w, i, all) => (i >= all.length - 4 && i % 2 === 0 ? tf.onesLike(w) : tf.zerosLike(w))),
  );
  return layer;
}

test('with zero sublayers, pre-norm is the identity and post-norm standardizes each row', () => {
  const x = tf.tensor3d([
    [
      [1, 3],
      [-2, 6],
    ],
  ]);
  assert.deepEqual((zeroSublayers(true).apply(x) as tf.Tensor).arraySync(), x.arraySync());
  // LN([1, 3]) = [−1, 1]; LN([−2, 6]) = [−1, 1]; applying LN twice changes nothing more.
  const post = (zeroSublayers(false).apply(x) as tf.Tensor).arraySync() as number[][][];
  post[0].flat().forEach((v, i) => assert.ok(Math.abs(v - [-1, 1, -1, 1][i]) < 1e-5, `${v}`));
});

for (const normFirst of [false, true]) {
  test(`TransformerEncoder (${normFirst ? 'pre' : 'post'}-norm) conforms (build, call, serialize, train)`, async () => {
    await checkLayerConformance({
      className: TransformerEncoder.className,
      makeModel: () =>
        buildModel(
          {
            name: 'enc',
            inputShape: [4],
            layers: [
              { type: 'tokenAndPositionEmbedding', vocabSize: 7, maxLen: 4, dim: 4 },
              { type: 'transformerEncoder', numHeads: 2, ffDim: 8, dropout: 0, normFirst },
              { type: 'globalAvgPool1d' },
              { type: 'dense', units: 2, activation: 'softmax' },
            ],
          },
          5,
        ),
      x: tf.tensor2d([
        [1, 2, 3, 0],
        [4, 5, 6, 3],
        [6, 1, 0, 0],
      ]),
      y: tf.tensor2d([
        [1, 0],
        [0, 1],
        [1, 0],
      ]),
      loss: 'categoricalCrossentropy',
      outputShape: [3, 2],
      // Layer norm over 0.02-scale embeddings amplifies gradients ~50×: a small step keeps it a descent step.
      optimizer: { name: 'sgd', learningRate: 0.001 },
    });
  });
}

test('dropout is seeded: two models with the same seed train to the same weights', async () => {
  const make = () =>
    buildModel(
      {
        name: 'enc',
        inputShape: [3],
        layers: [
          { type: 'tokenAndPositionEmbedding', vocabSize: 5, maxLen: 3, dim: 4 },
          { type: 'transformerEncoder', numHeads: 1, ffDim: 4, dropout: 0.5 },
          { type: 'globalAvgPool1d' },
        ],
      },
      9,
    );
  const [a, b] = [make(), make()];
  const x = tf.tensor2d([[1, 2, 3]]);
  const ya = a.apply(x, { training: true }) as tf.Tensor;
  const yb = b.apply(x, { training: true }) as tf.Tensor;
  const ya2 = a.apply(x, { training: true }) as tf.Tensor;
  assert.deepEqual(ya.arraySync(), yb.arraySync());
  assert.notDeepEqual(ya.arraySync(), ya2.arraySync()); // a new mask on the next step
});
