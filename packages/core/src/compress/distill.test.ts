import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { countParams } from '../models/index.ts';
import { Trainer } from '../train/index.ts';
import { distill, distillationLoss, makeStudent } from './distill.ts';

await tf.setBackend('cpu');

test('distillation loss matches hand-computed KL and cross-entropy values', () => {
  const y = tf.tensor2d([[1, 0]]);
  const s = tf.tensor2d([[0.8, 0.2]]);
  const t = tf.tensor2d([[0.5, 0.5]]);
  const close = (a: tf.Scalar, b: number) =>
    assert.ok(Math.abs(a.dataSync()[0] - b) < 1e-5, `${a.dataSync()[0]} vs ${b}`);
  // T = 1, alpha = 0: KL([.5,.5] ‖ [.8,.2]) = .5 ln(.5/.8) + .5 ln(.5/.2)
  close(distillationLoss(y, s, t, 1, 0), 0.5 * Math.log(0.5 / 0.8) + 0.5 * Math.log(0.5 / 0.2));
  // T = 2: student soft targets ∝ √p = [2/3, 1/3]; loss scaled by T² = 4
  close(distillationLoss(y, s, t, 2, 0), 4 * (0.5 * Math.log(0.75) + 0.5 * Math.log(1.5)));
  // alpha = 1: plain cross-entropy −ln 0.8
  close(distillationLoss(y, s, t, 2, 1), -Math.log(0.8));
  // student = teacher → soft term 0
  close(distillationLoss(y, t, t, 3, 0), 0);
});

test('makeStudent scales hidden widths to ≤ ¼ of the parameters and keeps the output width', async () => {
  const teacher = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [10], units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  const student = await makeStudent(teacher, 0.25);
  const p = countParams(student);
  assert.ok(p <= countParams(teacher) / 4, `${p} vs ${countParams(teacher)}`);
  assert.ok(p > countParams(teacher) / 8, `student needlessly small: ${p}`);
  assert.deepEqual(student.outputs[0].shape, [null, 4]);
  // initialised from the teacher: every student unit of layer 1 is a teacher unit (same column)
  const tk = teacher.getWeights()[0].arraySync() as number[][];
  const sk = student.getWeights()[0].arraySync() as number[][];
  const teacherCols = tk[0].map((_, c) => tk.map((r) => r[c]).join(','));
  for (let c = 0; c < sk[0].length; c++) assert.ok(teacherCols.includes(sk.map((r) => r[c]).join(',')));
  const random = await makeStudent(teacher, 0.25, 'random');
  assert.equal(countParams(random), p);
  assert.notDeepEqual(random.getWeights()[0].arraySync(), sk);
});

test('a distilled student learns the teacher function', async () => {
  const x = tf.randomNormal([256, 6], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.argMax(tf.matMul(x, tf.randomNormal([6, 3], 0, 1, 'float32', 2)), 1), 3).toFloat();
  const teacher = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [6],
        units: 32,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
      }),
    ],
  });
  await new Trainer(teacher, { optimizer: { name: 'adam', learningRate: 0.01 } }).fit(x, y, {
    epochs: 15,
    batchSize: 32,
  });
  const student = await makeStudent(teacher);
  const history = await distill(teacher, student, x, y, {
    epochs: 15,
    temperature: 2,
    alpha: 0.5,
    optimizer: { name: 'adam', learningRate: 0.01 },
  });
  assert.ok(history[14].loss < history[0].loss * 0.6, `loss ${history[0].loss} → ${history[14].loss}`);
  const agree = tf.tidy(
    () =>
      tf
        .mean(
          tf
            .equal(
              tf.argMax(teacher.predict(x) as tf.Tensor, 1),
              tf.argMax(student.predict(x) as tf.Tensor, 1),
            )
            .toFloat(),
        )
        .dataSync()[0],
  );
  assert.ok(agree > 0.85, `student agrees with the teacher on ${agree}`);
});
