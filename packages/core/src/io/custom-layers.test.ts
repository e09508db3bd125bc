// A saved model with Frontier's custom layers loads in a fresh process that imports
// nothing but @frontier/core/io (and stock tfjs): io registers the layers itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { ImageAugmentation } from '../models/layers/augment-layer.ts';
import { RandomFlip } from '../models/layers/random-layers.ts';
import { TokenAndPositionEmbedding } from '../models/layers/token-position-embedding.ts';
import { TransformerEncoder } from '../models/layers/transformer-encoder.ts';
import { CUSTOM_LAYERS } from './custom-layers.ts';
import { saveModel } from './model-files.ts';
import { tempDir } from './io-test-helpers.ts';

await tf.setBackend('cpu');
const run = promisify(execFile);

/** Loads `dir` in a child that imports only stock tfjs and @frontier/core/io; returns its predictions. */
async function predictInChild(
  dir: string,
  input: number[],
  shape: number[],
): Promise<{ viaLoadModel: number[]; viaStock: number[]; classes: string[] }> {
  const script = `
    import * as tf from '@tensorflow/tfjs';
    import { loadModel } from '@frontier/core/io';
    await tf.setBackend('cpu');
    const x = tf.tensor(${JSON.stringify(input)}, ${JSON.stringify(shape)});
    const a = await loadModel(${JSON.stringify(dir)});
    const b = await tf.loadLayersModel(${JSON.stringify(`file://${join(dir, 'model.json')}`)});
    console.log(JSON.stringify({
      viaLoadModel: [...a.predict(x).dataSync()],
      viaStock: [...b.predict(x).dataSync()],
      classes: a.layers.map((l) => l.getClassName()),
    }));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

test('CUSTOM_LAYERS names every Frontier layer class once', () => {
  const names = CUSTOM_LAYERS.map((c) => c.className);
  assert.equal(new Set(names).size, names.length);
  for (const name of ['FrontierImageAugmentation', 'FrontierTransformerEncoder'])
    assert.ok(names.includes(name), name);
});

test('a model with augmentation layers loads in a fresh process importing only @frontier/core/io', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const model = tf.sequential({
      layers: [
        new ImageAugmentation({ inputShape: [4, 4, 1], horizontalFlip: true, rotationRange: 10 }),
        new RandomFlip({ mode: 'horizontal' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    await saveModel(model, dir);
    const input = Array.from({ length: 16 }, (_, i) => i / 16);
    const expected = [...(model.predict(tf.tensor(input, [1, 4, 4, 1])) as tf.Tensor).dataSync()];
    const got = await predictInChild(dir, input, [1, 4, 4, 1]);
    // the augmentation layers are the identity at inference: same outputs in the child
    assert.deepEqual(got.viaLoadModel, expected);
    assert.deepEqual(got.viaStock, expected);
    assert.deepEqual(got.classes.slice(0, 2), ['FrontierImageAugmentation', model.layers[1].getClassName()]);
  } finally {
    await cleanup();
  }
});

test('a Transformer model loads in a fresh process importing only @frontier/core/io', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const model = tf.sequential({
      layers: [
        new TokenAndPositionEmbedding({ inputShape: [3], vocabSize: 7, maxLen: 3, dim: 4, seed: 1 }),
        new TransformerEncoder({ numHeads: 2, ffDim: 8, seed: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    await saveModel(model, dir);
    const input = [1, 5, 2];
    const expected = [...(model.predict(tf.tensor(input, [1, 3])) as tf.Tensor).dataSync()];
    const got = await predictInChild(dir, input, [1, 3]);
    got.viaLoadModel.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${v} vs ${expected[i]}`));
    assert.deepEqual(got.viaStock, got.viaLoadModel);
  } finally {
    await cleanup();
  }
});
