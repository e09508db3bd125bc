import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cosineWithWarmup, oneCycle, polynomialDecay } from './lr-schedule.ts';
import { makeLrSchedule, ScheduledLearningRate } from './scheduled-lr.ts';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.ts';
import { trainingRecipe } from './recipe.ts';
import { Trainer } from './trainer.ts';
import type { Logs, TrainingHandle, TrainingSnapshot } from './callback.ts';
import { expectError } from '../util/expect-error.ts';

const near = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

function fakeTrainer(
  epochs = 10,
  stepsPerEpoch = 100,
  history: Logs[] = [],
): TrainingHandle & { lr: number } {
  const t: TrainingHandle & { lr: number } = {
    stopTraining: false,
    epochs,
    stepsPerEpoch,
    history,
    lr: 1,
    getLearningRate: () => t.lr,
    setLearningRate: (lr: number) => void (t.lr = lr),
    snapshot: async () => ({}) as TrainingSnapshot,
    restore: async () => {},
  };
  return t;
}

test('polynomial decay: linear and squared, constant after decaySteps', () => {
  near(polynomialDecay(10, 0, 1)(5, 1), 0.5);
  near(polynomialDecay(10, 0, 2)(5, 1), 0.25);
  near(polynomialDecay(10, 0.1, 1)(5, 1), 0.55); // (1 − 0.1)·0.5 + 0.1
  near(polynomialDecay(10, 0.1, 1)(20, 1), 0.1);
});

test('cosine with warmup at given steps', () => {
  const s = cosineWithWarmup(110, 10);
  near(s(0, 2), 0);
  near(s(5, 2), 1); // half-way up the warmup
  near(s(10, 2), 2); // peak
  near(s(60, 2), 1); // half-way down the cosine: ½(1 + cos(π/2)) = ½
  near(s(85, 2), 2 * 0.5 * (1 + Math.cos((Math.PI * 3) / 4))); // 0.2929…
  near(s(110, 2), 0);
  near(cosineWithWarmup(110, 10, { alpha: 0.1 })(60, 1), 0.55);
  near(cosineWithWarmup(110, 10, { warmupStart: 0.5 })(5, 1), 0.75);
});

test('one-cycle: lr/25 → peak at 30% → lr/25e4, as PyTorch OneCycleLR', () => {
  const s = oneCycle(100);
  near(s(0, 1), 0.04);
  near(s(14.5, 1), 0.52); // cosine midpoint of phase one: (0.04 + 1)/2
  near(s(29, 1), 1);
  near(s(64, 1), (1 + 4e-6) / 2);
  near(s(99, 1), 4e-6);
});

test('ScheduledLearningRate per step uses the whole run as horizon and resumes mid-schedule', () => {
  const t = fakeTrainer(10, 100);
  const cb = makeLrSchedule({ type: 'cosine', warmupSteps: 100, per: 'step' }, 0.1) as ScheduledLearningRate;
  cb.setTrainer(t);
  cb.onTrainBegin();
  near(t.lr, 0);
  cb.onBatchEnd(50);
  near(t.lr, 0.05);
  cb.onBatchEnd(550); // 450 of 900 decay steps: half-way
  near(t.lr, 0.05);
  const resumed = fakeTrainer(10, 100, [{}, {}, {}]);
  cb.setTrainer(resumed);
  cb.onTrainBegin();
  near(resumed.lr, 0.1 * 0.5 * (1 + Math.cos((Math.PI * 200) / 900)));
});

test('step and exponential (staircase) schedules per epoch', () => {
  const t = fakeTrainer();
  const step = makeLrSchedule({ type: 'step', factor: 0.5, every: 2 }, 0.8);
  step.setTrainer(t);
  step.onTrainBegin();
  step.onEpochBegin(5);
  near(t.lr, 0.8 * 0.25);
  const exp = makeLrSchedule({ type: 'exponential', rate: 0.5, decaySteps: 2, staircase: true }, 1);
  exp.setTrainer(t);
  exp.onTrainBegin();
  exp.onEpochBegin(3);
  near(t.lr, 0.5);
});

test('ReduceLROnPlateau halves after `patience` flat epochs, then cools down', () => {
  const t = fakeTrainer();
  const cb = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, minLr: 0.2 });
  cb.setTrainer(t);
  cb.onTrainBegin();
  const losses = [1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96];
  const lrs = losses.map((v, epoch) => (cb.onEpochEnd(epoch, { val_loss: v }), t.lr));
  // best 0.9 at epoch 1; epochs 2, 3 flat → halve at 3. As in Keras, the cooldown counter is
  // decremented before the check, so cooldown 1 means epoch 4 already counts: 4, 5 flat →
  // halve at 5 to 0.25; 6, 7 flat → max(0.125, minLr 0.2) at 7; at minLr nothing more.
  assert.deepEqual(lrs, [1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2]);
  assert.deepEqual(cb.reductions, [3, 5, 7]);
});

test('bad schedule and knob fields name the key', () => {
  expectError(() => makeLrSchedule({ type: 'warp' } as never, 1), 'LR_SCHEDULE', 'train.schedule.type');
  expectError(
    () => makeLrSchedule({ type: 'oneCycle', pctStart: 1.5 }, 1),
    'LR_SCHEDULE',
    'train.schedule.pctStart',
  );
  expectError(() => trainingRecipe({ clipValue: 0 }), 'TRAIN_CONFIG', 'train.clipValue');
  expectError(() => trainingRecipe({ batchSize: 2.5 }), 'TRAIN_CONFIG', 'train.batchSize');
  expectError(
    () => trainingRecipe({ optimizer: { name: 'adam', learningRate: -1 } }),
    'BAD_LEARNING_RATE',
    'train.optimizer.learningRate',
  );
});

test('a recipe trains: one-cycle per step, value clipping, batch size', async () => {
  // y = x·w with w = 0 and x = 1, target 10: the MSE gradient −20 is clipped to −0.5, so plain SGD
  // moves w by lr·0.5 per step; with one-cycle the total movement is 0.5·Σ lr(t).
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'zeros' })],
  });
  const recipe = trainingRecipe(
    {
      optimizer: { name: 'sgd', learningRate: 0.1 },
      schedule: { type: 'oneCycle' },
      clipValue: 0.5,
      batchSize: 2,
    },
    'meanSquaredError',
  );
  assert.equal(recipe.batchSize, 2);
  const trainer = new Trainer(model, recipe.trainer);
  const x = tf.ones([8, 1]);
  const y = tf.fill([8, 1], 10);
  await trainer.fit(x, y, { epochs: 2, batchSize: recipe.batchSize, callbacks: recipe.callbacks });
  const s = oneCycle(8);
  let expected = 0;
  for (let t = 0; t < 8; t++) expected += 0.5 * s(t, 0.1);
  near((model.getWeights()[0].dataSync() as Float32Array)[0], expected, 1e-5);
  tf.dispose([x, y]);
  model.dispose();
});
