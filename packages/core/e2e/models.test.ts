// End to end: the model builders and training knobs on real data. SpamAssassin through
// the BPE tokenizer, a Transformer and an LSTM classifier saved with their tokenizer;
// and a training recipe with every knob set. Small budgets keep it to minutes on 2 cores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, mlp, rnnClassifier, transformerClassifier } from '../src/models/index.ts';
import { loadMnist, spamAssassin } from '../src/data/index.ts';
import { BpeTokenizer, trainBpe } from '../src/text/index.ts';
import { Trainer, trainingRecipe, cosineWithWarmup } from '../src/train/index.ts';
import { saveModel, loadModel } from '../src/io/index.ts';
import { epochPermutation } from '../src/train/rng.ts';

await tf.setBackend('cpu');

test(
  'SpamAssassin: BPE + Transformer and LSTM classifiers beat the majority class and reload with the tokenizer',
  { timeout: 600_000 },
  async () => {
    const data = await spamAssassin({ limit: 800 });
    const order = epochPermutation(data.texts.length, 1, 0);
    const train = Array.from(order.subarray(0, 600));
    const test = Array.from(order.subarray(600));
    const tok = trainBpe(
      train.map((i) => data.texts[i].slice(0, 2000)),
      { vocabSize: 400 },
    );
    const maxLen = 32;
    const tensors = (idx: number[]) => ({
      x: tf.tensor2d(
        tok.encodeBatch(
          idx.map((i) => data.texts[i]),
          maxLen,
        ),
        [idx.length, maxLen],
        'int32',
      ),
      y: tf
        .oneHot(
          tf.tensor1d(
            idx.map((i) => data.labels[i]),
            'int32',
          ),
          2,
        )
        .toFloat(),
    });
    const tr = tensors(train);
    const te = tensors(test);
    const spamShare = test.filter((i) => data.labels[i] === 1).length / test.length;
    const majority = Math.max(spamShare, 1 - spamShare);
    const configs = [
      transformerClassifier({
        vocabSize: tok.vocabSize,
        maxLen,
        dim: 16,
        numHeads: 2,
        layers: 1,
        dropout: 0.1,
      }),
      rnnClassifier({
        vocabSize: tok.vocabSize,
        maxLen,
        embedDim: 16,
        units: 16,
        cell: 'gru',
        bidirectional: true,
      }),
    ];
    for (const config of configs) {
      const model = buildModel(config, 1);
      const trainer = new Trainer(model, { optimizer: { name: 'adam', learningRate: 3e-3 } });
      await trainer.fit(tr.x, tr.y, { epochs: 3, batchSize: 32, seed: 1 });
      const acc = trainer.evaluate(te.x, te.y).accuracy!;
      assert.ok(acc > majority + 0.05, `${config.name}: test accuracy ${acc} vs majority ${majority}`);
      const dir = await mkdtemp(join(tmpdir(), 'frontier-text-model-'));
      await saveModel(model, dir);
      await tok.save(dir);
      const [again, tok2] = [await loadModel(dir), await BpeTokenizer.load(dir)];
      const x = tf.tensor2d(tok2.encodeBatch([data.texts[test[0]]], maxLen), [1, maxLen], 'int32');
      const a = (again.predict(x) as tf.Tensor).dataSync();
      const b = (model.predict(x) as tf.Tensor).dataSync();
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5));
    }
  },
);

test(
  'a recipe with every knob trains an MLP on MNIST and follows its schedule',
  { timeout: 300_000 },
  async () => {
    const mnist = await loadMnist({ trainLimit: 512, testLimit: 10 });
    const x = tf.tensor4d(mnist.train.images, mnist.train.shape);
    const y = tf.oneHot(tf.tensor1d(mnist.train.labels, 'int32'), 10).toFloat();
    const config = mlp({ inputShape: [28, 28, 1], hidden: [32], dropout: 0.1 });
    (config.layers[1] as { kernelRegularizer?: object }).kernelRegularizer = { l2: 1e-4 };
    const model = buildModel(config, 3);
    const recipe = trainingRecipe({
      optimizer: { name: 'adamw', learningRate: 3e-3, weightDecay: 1e-4 },
      schedule: { type: 'cosine', warmupSteps: 8, per: 'step' },
      clipNorm: 1,
      batchSize: 64,
    });
    const trainer = new Trainer(model, recipe.trainer);
    const history = await trainer.fit(x, y, {
      epochs: 3,
      batchSize: recipe.batchSize,
      callbacks: recipe.callbacks,
    });
    assert.ok(history[2].loss < history[0].loss * 0.8, JSON.stringify(history));
    // The logged lr after epoch e is the schedule at the next step, 8(e + 1), of 24 steps.
    const s = cosineWithWarmup(24, 8);
    history.forEach((h, e) => assert.ok(Math.abs(h.lr - s(8 * (e + 1), 3e-3)) < 1e-9, `epoch ${e}: ${h.lr}`));
  },
);
