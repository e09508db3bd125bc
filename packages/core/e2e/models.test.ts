// End to end: the model builders and training knobs on real data. MNIST through
// `evaluate` with the architecture comparison rows; SpamAssassin through the BPE
// tokenizer, a Transformer and an LSTM classifier saved with their tokenizer; and a
// training recipe with every knob set. Small budgets keep it to a few minutes on 2 cores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, registerTechnique } from '../src/evaluate/index.ts';
import { validateReport } from '../src/report/index.ts';
import { architectureComparison } from '../src/models/architecture-comparison.ts';
import { buildModel, mlp, rnnClassifier, transformerClassifier } from '../src/models/index.ts';
import { loadMnist, spamAssassin } from '../src/data/index.ts';
import { BpeTokenizer, trainBpe } from '../src/text/index.ts';
import { Trainer, trainingRecipe, cosineWithWarmup } from '../src/train/index.ts';
import { saveModel, loadModel } from '../src/io/index.ts';
import { epochPermutation } from '../src/train/rng.ts';

await tf.setBackend('cpu');
for (const t of architectureComparison()) registerTechnique(t);

test(
  'evaluate compares the brief CNN, an MLP and a deeper CNN on MNIST',
  { timeout: 1_800_000 },
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'frontier-models-e2e-'));
    const result = await evaluate(
      {
        dataset: { name: 'mnist' },
        train: { epochs: 2, batchSize: 32, trainLimit: 500, testLimit: 300 },
        techniques: ['baseline', 'arch-mlp', 'arch-deep-cnn'],
        reportsDir: join(root, 'reports'),
        tracking: join(root, 'tracking.db'),
      },
      { log: () => {}, progress: { isTTY: false, write: () => true } },
    );
    const report = validateReport(JSON.parse(await readFile(result.jsonPath, 'utf8')));
    const row = (name: string) => report.matrix.find((r) => r.technique === name)!;
    assert.equal(row('arch-mlp').metrics.parameters.value, 784 * 128 + 128 + 128 * 10 + 10);
    assert.equal(row('arch-deep-cnn').metrics.parameters.value, 160 + 64 + 4640 + 128 + 330);
    assert.ok(row('arch-mlp').metrics.trainSeconds.value > 0);
    // 500 images, 2 epochs: far above the 10% of chance for the brief CNN and the MLP.
    for (const name of ['baseline', 'arch-mlp']) {
      assert.ok(
        row(name).metrics.accuracy.value > 0.6,
        `${name} accuracy ${row(name).metrics.accuracy.value}`,
      );
    }
    assert.ok(
      row('arch-deep-cnn').metrics.accuracy.value > 0.2,
      `deep CNN ${row('arch-deep-cnn').metrics.accuracy.value}`,
    );
  },
);

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
