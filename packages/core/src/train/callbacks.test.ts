import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EarlyStopping,
  LearningRateScheduler,
  ProgressBar,
  cosineDecay,
  exponentialDecay,
  formatDuration,
  loadCheckpoint,
  saveCheckpoint,
  stepDecay,
  type Logs,
  type TrainingHandle,
  type TrainingSnapshot,
} from './index.ts';
import { FrontierError } from '../util/errors.ts';

/** A trainer stand-in that records what callbacks do to it. */
function fakeTrainer(history: Logs[] = []): TrainingHandle & { lr: number; restored: number[] } {
  const t = {
    stopTraining: false,
    epochs: 10,
    stepsPerEpoch: 100,
    history,
    lr: 0.1,
    restored: [] as number[],
    getLearningRate: () => t.lr,
    setLearningRate: (lr: number) => void (t.lr = lr),
    snapshot: async (): Promise<TrainingSnapshot> => ({
      epoch: t.history.length - 1,
      step: 0,
      history: [],
      model: [],
      optimizer: [],
    }),
    restore: async (s: TrainingSnapshot) => void t.restored.push(s.epoch),
  };
  return t;
}

test('EarlyStopping stops after `patience` epochs without improvement and restores the best', async () => {
  const t = fakeTrainer();
  const es = new EarlyStopping({ patience: 2 });
  es.setTrainer(t);
  es.onTrainBegin();
  const losses = [1.0, 0.8, 0.85, 0.9, 0.7];
  let epoch = 0;
  for (; epoch < losses.length && !t.stopTraining; epoch++) {
    t.history.push({ val_loss: losses[epoch] });
    await es.onEpochEnd(epoch, { val_loss: losses[epoch] });
  }
  assert.equal(es.stoppedEpoch, 3); // best at epoch 1, no improvement at 2 and 3
  await es.onTrainEnd();
  assert.deepEqual(t.restored, [1]);
});

test('EarlyStopping in max mode for accuracy, and minDelta counts as no improvement', async () => {
  const t = fakeTrainer();
  const es = new EarlyStopping({ monitor: 'val_accuracy', patience: 1, minDelta: 0.01 });
  es.setTrainer(t);
  es.onTrainBegin();
  await es.onEpochEnd(0, { val_accuracy: 0.9 });
  await es.onEpochEnd(1, { val_accuracy: 0.905 });
  assert.equal(es.stoppedEpoch, 1);
});

test('EarlyStopping rebuilds its state from a resumed history', async () => {
  const t = fakeTrainer([{ val_loss: 0.5 }, { val_loss: 0.6 }]);
  const es = new EarlyStopping({ patience: 2 });
  es.setTrainer(t);
  es.onTrainBegin();
  await es.onEpochEnd(2, { val_loss: 0.55 });
  assert.equal(es.stoppedEpoch, 2);
});

test('schedules give hand-computed values', () => {
  assert.equal(stepDecay(0.5, 2)(5, 0.1), 0.1 * 0.25);
  assert.ok(Math.abs(exponentialDecay(0.9)(3, 1) - 0.729) < 1e-12);
  assert.ok(Math.abs(cosineDecay(10)(5, 1) - 0.5) < 1e-12);
  assert.equal(cosineDecay(10)(0, 1), 1);
  assert.ok(Math.abs(cosineDecay(10)(10, 1)) < 1e-12);
  // warmup 2 epochs: 1/3, 2/3, then cosine from the full rate
  assert.ok(Math.abs(cosineDecay(12, 2)(0, 0.3) - 0.1) < 1e-12);
  assert.equal(cosineDecay(12, 2)(2, 0.3), 0.3);
});

test('LearningRateScheduler sets the rate each epoch from the initial one', () => {
  const t = fakeTrainer();
  const cb = new LearningRateScheduler(stepDecay(0.1, 1));
  cb.setTrainer(t);
  cb.onTrainBegin();
  cb.onEpochBegin(2);
  assert.ok(Math.abs(t.lr - 0.001) < 1e-12);
});

test('ProgressBar draws a bar with ETA on a TTY and plain lines elsewhere', () => {
  let clock = 0;
  const tty = {
    isTTY: true,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
  const bar = new ProgressBar(tty, () => clock);
  bar.setTrainer(fakeTrainer());
  bar.onEpochBegin(1);
  clock = 10_000; // 50 of 100 steps took 10 s → 10 s left
  bar.onBatchEnd(50, { loss: 0.25, accuracy: 0.5 });
  assert.equal(
    tty.text,
    '\rEpoch 2/10 [===========>            ] 50/100 ETA 0:10 loss 0.2500 accuracy 0.5000\x1b[K',
  );

  const plain = {
    isTTY: false,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
  const p = new ProgressBar(plain, () => clock);
  p.setTrainer(fakeTrainer());
  p.onEpochBegin(0);
  p.onBatchEnd(1, { loss: 1 });
  clock += 65_000;
  p.onEpochEnd(0, { loss: 0.5, val_loss: 0.6, lr: 0.001 });
  assert.equal(plain.text, 'Epoch 1/10 1:05 loss 0.5000 val_loss 0.6000\n');
  assert.equal(formatDuration(3725), '1:02:05');
});

test('checkpoints round-trip exactly and a corrupt one is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-ckpt-'));
  const snap: TrainingSnapshot = {
    epoch: 2,
    step: 30,
    history: [{ loss: 1 }, { loss: 0.5 }, { loss: 0.25 }],
    model: [{ name: 'd/kernel', shape: [2, 2], data: Float32Array.from([1, 2, 3, Math.PI]) }],
    optimizer: [{ name: 'iter', shape: [], data: Float32Array.from([30]) }],
  };
  await saveCheckpoint(dir, snap);
  assert.deepEqual(await loadCheckpoint(dir), snap);
  assert.equal(await loadCheckpoint(join(dir, 'missing')), undefined);
  assert.deepEqual((await readdir(dir)).sort(), ['checkpoint.json', 'ckpt-000002.bin']);
  await writeFile(join(dir, 'ckpt-000002.bin'), new Uint8Array(20));
  await assert.rejects(
    loadCheckpoint(dir),
    (e: unknown) => e instanceof FrontierError && e.code === 'CHECKPOINT_CORRUPT',
  );
});

test('ProgressBar prints a line every tenth of a long epoch when not on a TTY', () => {
  let clock = 0;
  const plain = {
    isTTY: false,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
  const p = new ProgressBar(plain, () => clock);
  p.setTrainer(fakeTrainer()); // 100 steps per epoch
  p.onEpochBegin(0);
  for (let step = 1; step <= 20; step++) {
    clock = step * 100;
    p.onBatchEnd(step, { loss: 1 / step });
  }
  assert.equal(
    plain.text,
    'Epoch 1/10 10/100 ETA 0:09 loss 0.1000\nEpoch 1/10 20/100 ETA 0:08 loss 0.0500\n',
  );
});
