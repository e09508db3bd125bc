import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel, countParams, deepCnn, rnnClassifier, transformerClassifier } from './index.ts';
import { checkLayerConformance } from './layer-conformance.ts';
import { Trainer } from '../train/trainer.ts';

const seqModel = (layers: Parameters<typeof buildModel>[0]['layers'], inputShape = [3, 2]) =>
  buildModel({ name: 'rnn', inputShape, layers });

test('recurrent layers have the hand-computed parameter counts', () => {
  // SimpleRNN: u(d + u) + u = 3·5 + 3; LSTM: 4 gates of that; GRU: 3 gates.
  const cases: Array<[Parameters<typeof seqModel>[0], number, number[]]> = [
    [[{ type: 'simpleRnn', units: 3 }], 18, [null as never, 3]],
    [[{ type: 'lstm', units: 3 }], 72, [null as never, 3]],
    [[{ type: 'gru', units: 3 }], 54, [null as never, 3]],
    [[{ type: 'lstm', units: 3, bidirectional: true }], 144, [null as never, 6]],
    [[{ type: 'gru', units: 3, bidirectional: 'sum', returnSequences: true }], 108, [null as never, 3, 3]],
  ];
  for (const [layers, params, shape] of cases) {
    const m = seqModel(layers);
    assert.equal(countParams(m), params, JSON.stringify(layers));
    assert.deepEqual(m.outputs[0].shape, shape);
    m.dispose();
  }
});

test('the deeper CNN: conv + batch norm blocks and global average pooling', () => {
  const m = buildModel(deepCnn({ inputShape: [8, 8, 1], blocks: [4, 8], classes: 10 }));
  // conv 3·3·1·4 + 4 = 40; BN 4·4 = 16; conv 3·3·4·8 + 8 = 296; BN 4·8 = 32; dense 8·10 + 10 = 90
  assert.equal(countParams(m), 40 + 16 + 296 + 32 + 90);
  assert.deepEqual(m.outputs[0].shape, [null, 10]);
  m.dispose();
});

test('L1/L2 kernel regularizers enter the training loss and its gradient', () => {
  const make = () =>
    buildModel({
      name: 'reg',
      inputShape: [2],
      layers: [{ type: 'dense', units: 1, useBias: false, kernelRegularizer: { l1: 0.01, l2: 0.1 } }],
    });
  const x = tf.tensor2d([[1, 1]]);
  const y = tf.tensor2d([[0]]);
  const w = tf.tensor2d([[1], [2]]);
  const m = make();
  m.setWeights([w]);
  const trainer = new Trainer(m, { optimizer: { name: 'sgd', learningRate: 0.1 }, loss: 'meanSquaredError' });
  // prediction 3: MSE 9, plus 0.1·(1 + 4) + 0.01·(1 + 2) = 0.53
  assert.ok(Math.abs(trainer.trainStep(x, y, 0).loss - 9.53) < 1e-5);
  // gradient 2·3·x + 2·0.1·w + 0.01·sign(w) = [6.21, 6.41]; w −= 0.1·grad
  const after = m.getWeights()[0].dataSync();
  assert.ok(Math.abs(after[0] - 0.379) < 1e-5 && Math.abs(after[1] - 1.359) < 1e-5, `${after}`);
  const plain = make();
  plain.setWeights([w]);
  const off = new Trainer(plain, {
    optimizer: { name: 'sgd' },
    loss: 'meanSquaredError',
    regularizationLosses: false,
  });
  assert.ok(Math.abs(off.trainStep(x, y, 0).loss - 9) < 1e-5);
  tf.dispose([x, y, w]);
});

test('an LSTM text classifier trains, saves and loads', async () => {
  await checkLayerConformance({
    className: 'Bidirectional',
    makeModel: () =>
      buildModel(rnnClassifier({ vocabSize: 6, maxLen: 4, embedDim: 3, units: 2, bidirectional: true }), 4),
    x: tf.tensor2d([
      [1, 2, 3, 0],
      [4, 5, 0, 0],
    ]),
    y: tf.tensor2d([
      [1, 0],
      [0, 1],
    ]),
    loss: 'categoricalCrossentropy',
    outputShape: [2, 2],
    trainingModeLoss: true,
  });
});

test('a Transformer classifier and a deeper CNN train, save and load', async () => {
  await checkLayerConformance({
    className: 'FrontierTransformerEncoder',
    makeModel: () =>
      buildModel(
        transformerClassifier({ vocabSize: 6, maxLen: 4, dim: 4, layers: 1, dropout: 0, normFirst: true }),
        4,
      ),
    x: tf.tensor2d([
      [1, 2, 3, 0],
      [4, 5, 0, 0],
    ]),
    y: tf.tensor2d([
      [1, 0],
      [0, 1],
    ]),
    loss: 'categoricalCrossentropy',
    outputShape: [2, 2],
    optimizer: { name: 'sgd', learningRate: 0.001 },
  });
  await checkLayerConformance({
    className: 'BatchNormalization',
    makeModel: () => buildModel(deepCnn({ inputShape: [4, 4, 1], blocks: [2], classes: 2 }), 4),
    x: tf.tensor4d(
      Float32Array.from({ length: 32 }, (_, i) => (i % 7) / 7),
      [2, 4, 4, 1],
    ),
    y: tf.tensor2d([
      [1, 0],
      [0, 1],
    ]),
    loss: 'categoricalCrossentropy',
    outputShape: [2, 2],
    trainingModeLoss: true,
  });
});
