import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildBert, encoderOf, pretrainMaskedLm } from './bert.ts';
import { countParams } from './summary.ts';
import { trainBpe, BpeTokenizer } from '../text/index.ts';
import { saveModel, loadModel } from '../io/index.ts';

test('BERT classifier: hand-computed parameter count, and the encoder shares its weights', () => {
  const model = buildBert({
    vocabSize: 50,
    maxLen: 8,
    dim: 8,
    numHeads: 2,
    ffDim: 16,
    layers: 1,
    dropout: 0,
  });
  // embeddings 50·8 + 8·8; block: 4·(8·8 + 8) attention + (8·16 + 16) + (16·8 + 8) ffn + 2·2·8 norms;
  // head 8·2 + 2
  const block = 4 * (64 + 8) + (128 + 16) + (128 + 8) + 32;
  assert.equal(countParams(model), 400 + 64 + block + 18);
  const encoder = encoderOf(model);
  assert.deepEqual(encoder.outputs[0].shape, [null, 8, 8]);
  assert.equal(encoder.trainableWeights[0], model.trainableWeights[0]);
  model.dispose();
});

test('masked-LM pretraining learns a repetitive corpus, and the tokenizer saves with the model', async () => {
  // Sentences whose masked words are predictable from context: the MLM accuracy must rise well above chance.
  const texts = Array.from(
    { length: 64 },
    (_, i) => ['red apple sweet', 'blue sky wide', 'green grass wet'][i % 3],
  );
  const tok = trainBpe(texts, { vocabSize: 40, minFrequency: 1 });
  const maxLen = 6;
  const ids = tok.encodeBatch(texts, maxLen);
  const model = buildBert(
    { vocabSize: tok.vocabSize, maxLen, dim: 16, numHeads: 2, ffDim: 32, layers: 1, dropout: 0 },
    3,
  );
  const history = await pretrainMaskedLm(encoderOf(model), ids, maxLen, {
    vocabSize: tok.vocabSize,
    epochs: 12,
    batchSize: 16,
    optimizer: { name: 'adamw', learningRate: 1e-2, weightDecay: 0.01 },
  });
  assert.ok(history[history.length - 1].loss < history[0].loss / 2, JSON.stringify(history));
  assert.ok(history[history.length - 1].accuracy > 0.5, JSON.stringify(history.at(-1)));
  const dir = await mkdtemp(join(tmpdir(), 'bert-'));
  try {
    await saveModel(model, dir);
    await tok.save(dir);
    assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'tokenizer.json', 'weights.bin']);
    const [again, tok2] = [await loadModel(dir), await BpeTokenizer.load(dir)];
    const x = tf.tensor2d(tok2.encodeBatch(['red apple'], maxLen), [1, maxLen]);
    assert.deepEqual(
      (again.predict(x) as tf.Tensor).arraySync(),
      (model.predict(x) as tf.Tensor).arraySync(),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
