import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../models/index.ts';
import { Trainer, type TrainingKnobs } from '../train/index.ts';
import type { StudyData, TechniqueContext } from '../study/technique.ts';
import { DEFAULT_TUNED_SPACE, defaultPoint, searchHyperparameters, tunedTechnique } from './tuned.ts';

const modelConfig: ModelConfig = {
  name: 'toy',
  inputShape: [4],
  layers: [
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};

function split(n: number, seed: number) {
  const x = tf.randomUniform([n, 4], -1, 1, 'float32', seed);
  // A learnable rule: the class is the arg-max of the first three features.
  const y = tf.tidy(() => tf.oneHot(tf.argMax(tf.slice(x, [0, 0], [n, 3]), 1), 3).toFloat());
  return { x, y };
}

test('tuned: the row trains with a point of the search space and never reads the test split', async () => {
  const train = split(48, 1);
  const validation = split(24, 2);
  let testReads = 0;
  const data: StudyData = {
    name: 'toy',
    classes: ['a', 'b', 'c'],
    train,
    validation,
    // Poisoned: any read of the test split fails the search.
    get test(): StudyData['test'] {
      testReads++;
      throw new Error('the search read the test split');
    },
  };
  const trained: Array<TrainingKnobs | undefined> = [];
  const recipe = {
    epochs: 1,
    batchSize: 32,
    optimizer: { name: 'adam' as const, learningRate: 1e-3 },
    schedule: null,
  };
  const ctx: TechniqueContext = {
    baseline: tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] }),
    data,
    seed: 3,
    workDir: '/nonexistent',
    recipe,
    modelConfig,
    train: async (model, opts) => {
      trained.push(opts?.knobs);
      return new Trainer(model, { optimizer: opts?.knobs?.optimizer }).fit(train.x, train.y, {
        epochs: 1,
        batchSize: opts?.knobs?.batchSize ?? 32,
      });
    },
    log: () => {},
  };
  const row = tunedTechnique({ trials: 4, epochsPerTrial: 2, nStartupTrials: 2 });
  assert.equal(row.name, 'tuned');
  assert.equal(row.trains, true);
  const v = await row.apply(ctx);
  assert.equal(testReads, 0);
  assert.equal(trained.length, 1);
  const knobs = trained[0]!;
  const lr = knobs.optimizer!.learningRate!;
  assert.ok(lr >= 1e-4 && lr <= 1e-2, `learning rate ${lr} outside the space`);
  assert.ok([16, 32, 64, 128].includes(knobs.batchSize!), `batch size ${knobs.batchSize}`);
  // Only the searched knobs change: the optimizer and schedule stay the study's.
  assert.equal(knobs.optimizer!.name, 'adam');
  assert.equal(knobs.schedule, null);
  assert.equal(v.metrics!['tuned.optimizer.learningRate'].value, lr);
  assert.equal(v.metrics!['tuned.batchSize'].value, knobs.batchSize);
  // 4 trials of at most 2 epochs: between 4 (all cut at epoch 1) and 8 trial-epochs.
  const spent = v.metrics!.searchTrialEpochs.value;
  assert.ok(spent >= 4 && spent <= 8, `trial-epochs ${spent}`);
  assert.match(
    v.notes![0],
    /^found optimizer\.learningRate .*batchSize .*\(defaults: optimizer\.learningRate 0\.001, batchSize 32\)$/,
  );
  assert.match(v.notes![1], /4 trials .* test data unseen/);
  assert.deepEqual(v.model.outputs[0].shape, [null, 3]);
  v.model.dispose();
  ctx.baseline.dispose();
  tf.dispose([train.x, train.y, validation.x, validation.y]);
});

test('searchHyperparameters: the best trial is the finished trial with the highest val_accuracy, from the space', async () => {
  const train = split(40, 4);
  const validation = split(20, 5);
  const s = await searchHyperparameters(
    modelConfig,
    { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 8 },
    { train, validation },
    7,
    {
      trials: 5,
      epochsPerTrial: 1,
      nStartupTrials: 5,
      space: { 'optimizer.learningRate': DEFAULT_TUNED_SPACE['optimizer.learningRate'] },
    },
  );
  assert.equal(s.trials, 5);
  // One epoch per trial: ASHA has no rung below the last epoch, so nothing is pruned.
  assert.equal(s.pruned, 0);
  assert.equal(s.trialEpochs, 5);
  const finished = s.result.trials.filter((t) => t.state === 'finished').map((t) => t.value!);
  assert.equal(s.bestValue, Math.max(...finished));
  assert.deepEqual(Object.keys(s.best), ['optimizer.learningRate']);
  // val_accuracy on 20 examples is a multiple of 1/20.
  assert.ok(Math.abs(s.bestValue * 20 - Math.round(s.bestValue * 20)) < 1e-9);
  tf.dispose([train.x, train.y, validation.x, validation.y]);
});

test('defaultPoint: the study point when it lies in the space, else nothing', () => {
  const knobs = { optimizer: { name: 'adam' as const, learningRate: 1e-3 }, batchSize: 32 };
  assert.deepEqual(defaultPoint(DEFAULT_TUNED_SPACE, knobs), {
    'optimizer.learningRate': 1e-3,
    batchSize: 32,
  });
  assert.equal(defaultPoint(DEFAULT_TUNED_SPACE, { ...knobs, batchSize: 48 }), undefined);
  assert.equal(
    defaultPoint(DEFAULT_TUNED_SPACE, { ...knobs, optimizer: { name: 'sgd', learningRate: 0.1 } }),
    undefined,
  );
  assert.equal(defaultPoint({ 'optimizer.momentum': { type: 'float', low: 0, high: 1 } }, knobs), undefined);
});

test('searchHyperparameters: trial 0 is the study default, later trials come from TPE', async () => {
  const train = split(32, 6);
  const validation = split(16, 7);
  const s = await searchHyperparameters(
    modelConfig,
    { optimizer: { name: 'adam', learningRate: 1e-3 }, batchSize: 32 },
    { train, validation },
    11,
    { trials: 3, epochsPerTrial: 1, nStartupTrials: 1 },
  );
  const byNumber = [...s.result.trials].sort((a, b) => a.number - b.number);
  assert.deepEqual(byNumber[0].params, { 'optimizer.learningRate': 1e-3, batchSize: 32 });
  for (const t of byNumber.slice(1)) {
    const lr = t.params['optimizer.learningRate'] as number;
    assert.ok(lr >= 1e-4 && lr <= 1e-2 && lr !== 1e-3, `trial ${t.number}: ${lr}`);
  }
  tf.dispose([train.x, train.y, validation.x, validation.y]);
});
