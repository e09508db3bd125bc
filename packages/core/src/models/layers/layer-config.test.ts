import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel, saveModel } from '../../io/index.ts';
import { buildModel } from '../build.ts';
import type { ModelConfig } from '../config.ts';

await tf.setBackend('cpu');

const config: ModelConfig = {
  name: 'aug-cnn',
  inputShape: [4, 4, 1],
  layers: [
    { type: 'rescaling', scale: 1 / 255 },
    { type: 'normalization', mean: 0.5, variance: 0.25 },
    { type: 'randomFlip', mode: 'horizontal' },
    { type: 'randomRotation', factor: 0.1, fillMode: 'constant' },
    { type: 'randomTranslation', heightFactor: 0.25, widthFactor: 0.25 },
    { type: 'randomZoom', heightFactor: [-0.2, 0.2] },
    { type: 'randomContrast', factor: 0.2 },
    { type: 'randomBrightness', factor: 0.1, valueRange: [-1, 1] },
    { type: 'flatten' },
    { type: 'dense', units: 2, activation: 'softmax' },
  ],
};

test('model configs declare preprocessing layers; they survive saveModel/loadModel', async () => {
  const model = buildModel(config, 7);
  assert.deepEqual(model.layers.map((l) => l.getClassName()).slice(0, 8), [
    'Rescaling',
    'FrontierNormalization',
    'FrontierRandomFlip',
    'FrontierRandomRotation',
    'FrontierRandomTranslation',
    'FrontierRandomZoom',
    'FrontierRandomContrast',
    'FrontierRandomBrightness',
  ]);
  // Layer i is seeded with seed + i, as initializers are.
  assert.equal(model.layers[3].getConfig().seed, 10);
  // At inference the first eight layers are x/255 then (· − 0.5)/0.5 only.
  const x = tf.tensor4d(
    Array.from({ length: 16 }, (_, i) => i * 16),
    [1, 4, 4, 1],
  );
  const head = tf.model({ inputs: model.inputs, outputs: model.layers[7].output as tf.SymbolicTensor });
  const y = [...(head.predict(x) as tf.Tensor).dataSync()];
  [...x.dataSync()].forEach((v, i) => assert.ok(Math.abs(y[i] - (v / 255 - 0.5) / 0.5) < 1e-6));
  const dir = await mkdtemp(join(tmpdir(), 'frontier-cfglayers-'));
  await saveModel(model, dir);
  const back = await loadModel(dir);
  assert.deepEqual(
    [...(back.predict(x) as tf.Tensor).dataSync()],
    [...(model.predict(x) as tf.Tensor).dataSync()],
  );
  assert.deepEqual(back.layers[4].getConfig().heightFactor, [-0.25, 0.25]);
});

test('a bad preprocessing option is a MODEL_CONFIG error naming the layer and option', () => {
  assert.throws(
    () =>
      buildModel({
        name: 'bad',
        inputShape: [4, 4, 1],
        layers: [
          { type: 'randomRotation', factor: 0.1, fillMode: 'mirror' as 'reflect' },
          { type: 'flatten' },
        ],
      }),
    { code: 'MODEL_CONFIG', where: 'layer randomrotation_1 (randomRotation).fillMode' },
  );
  assert.throws(
    () =>
      buildModel({
        name: 'bad',
        inputShape: [2],
        layers: [{ type: 'normalization', mean: [0, 0], variance: [1] }],
      }),
    { code: 'MODEL_CONFIG', where: /normalization/ },
  );
});

test('an imageAugmentation entry builds the ImageDataGenerator-style layer, seeded and saved', async () => {
  const model = buildModel(
    {
      name: 'aug',
      inputShape: [3, 3, 1],
      layers: [{ type: 'imageAugmentation', rotationRange: 90, fillMode: 'constant' }, { type: 'flatten' }],
    },
    5,
  );
  assert.equal(model.layers[0].getClassName(), 'FrontierImageAugmentation');
  assert.equal(model.layers[0].getConfig().seed, 5);
  const dir = await mkdtemp(join(tmpdir(), 'frontier-cfgaug-'));
  await saveModel(model, dir);
  const back = await loadModel(dir);
  const x = tf.tensor4d([0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 3, 3, 1]);
  assert.deepEqual([...(back.predict(x) as tf.Tensor).dataSync()], [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const a = back.apply(x, { training: true }) as tf.Tensor;
  const b = model.apply(x, { training: true }) as tf.Tensor;
  assert.deepEqual([...a.dataSync()], [...b.dataSync()]);
  assert.equal(a.dataSync()[4], 4, 'the center pixel stays under any rotation');
});
