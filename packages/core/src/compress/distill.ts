import * as tf from '@tensorflow/tfjs';
import { countParams } from '../models/index.ts';
import { makeOptimizer, type OptimizerConfig } from '../train/optimizers.ts';
import { epochPermutation } from '../train/rng.ts';
import type { Logs } from '../train/callback.ts';
import { FrontierError } from '../util/errors.ts';
import { pruneStructured } from './structured.ts';
import { hiddenWidths, resizedModel } from './surgery.ts';

/**
 * Options of {@link distill}. Defaults: temperature 4, alpha 0.1 (weight of the hard
 * labels; 1 − alpha goes to the soft targets), 1 epoch, batch 32, seed 42, Adam 1e-3.
 */
export interface DistillOptions {
  temperature?: number;
  alpha?: number;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  optimizer?: OptimizerConfig;
  /** Called after each epoch with `{ loss }`. */
  onEpochEnd?: (epoch: number, logs: Logs) => void;
  /** Called after each batch: 0-based epoch, 1-based batch of `batches`, and the batch loss (for progress bars). */
  onBatchEnd?: (epoch: number, batch: number, batches: number, loss: number) => void;
}

const EPS = 1e-30;

/**
 * The distillation loss of Hinton et al. 2015 for a batch, from probabilities:
 * alpha · CE(y, p_s) + (1 − alpha) · T² · KL(softmax(log p_t / T) ‖ softmax(log p_s / T)).
 * softmax(log p / T) equals softmax(z / T) for the logits z behind p, so models that
 * end in softmax need no surgery. Returns the mean over the batch.
 */
export function distillationLoss(
  yTrue: tf.Tensor,
  studentProbs: tf.Tensor,
  teacherProbs: tf.Tensor,
  temperature: number,
  alpha: number,
): tf.Scalar {
  return tf.tidy(() => {
    const logS = tf.log(tf.maximum(studentProbs, EPS));
    const logT = tf.log(tf.maximum(teacherProbs, EPS));
    const hard = tf.mean(tf.neg(tf.sum(tf.mul(yTrue, logS), -1)));
    const softT = tf.softmax(tf.div(logT, temperature));
    const logSoftS = tf.logSoftmax(tf.div(logS, temperature));
    const kl = tf.mean(tf.sum(tf.mul(softT, tf.sub(tf.log(tf.maximum(softT, EPS)), logSoftS)), -1));
    return tf.add(tf.mul(alpha, hard), tf.mul((1 - alpha) * temperature * temperature, kl)) as tf.Scalar;
  });
}

/**
 * Trains `student` on (x, y one-hot) against the soft targets of `teacher`
 * (knowledge distillation). The teacher is only read. Returns per-epoch `{ loss }`.
 */
export async function distill(
  teacher: tf.LayersModel,
  student: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  opts: DistillOptions = {},
): Promise<Logs[]> {
  const T = opts.temperature ?? 4;
  const alpha = opts.alpha ?? 0.1;
  if (!(T > 0))
    throw new FrontierError('DISTILL_OPTIONS', `temperature must be > 0, got ${T}`, { where: 'temperature' });
  if (!(alpha >= 0 && alpha <= 1))
    throw new FrontierError('DISTILL_OPTIONS', `alpha must be in [0, 1], got ${alpha}`, { where: 'alpha' });
  const batchSize = opts.batchSize ?? 32;
  const n = x.shape[0];
  // the teacher's probabilities, once, in inference batches
  const parts: tf.Tensor[] = [];
  for (let s = 0; s < n; s += 256)
    parts.push(tf.tidy(() => teacher.predict(tf.slice(x, s, Math.min(256, n - s))) as tf.Tensor));
  const teacherProbs = tf.concat(parts);
  tf.dispose(parts);
  const optimizer = makeOptimizer(opts.optimizer);
  const history: Logs[] = [];
  try {
    for (let epoch = 0; epoch < (opts.epochs ?? 1); epoch++) {
      const order = epochPermutation(n, opts.seed ?? 42, epoch);
      let sum = 0;
      for (let s = 0; s < n; s += batchSize) {
        const idx = tf.tensor1d(order.subarray(s, Math.min(n, s + batchSize)), 'int32');
        const [xb, yb, tb] = [tf.gather(x, idx), tf.gather(y, idx), tf.gather(teacherProbs, idx)];
        const vars = student.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(
          () => distillationLoss(yb, student.apply(xb, { training: true }) as tf.Tensor, tb, T, alpha),
          vars,
        );
        optimizer.applyGradients(grads);
        const loss = value.dataSync()[0];
        if (!Number.isFinite(loss)) {
          throw new FrontierError('LOSS_NOT_FINITE', `distillation loss became ${loss}`, {
            where: `epoch ${epoch + 1}`,
            hint: 'lower the learning rate or the temperature',
          });
        }
        sum += loss * idx.shape[0];
        opts.onBatchEnd?.(epoch, s / batchSize + 1, Math.ceil(n / batchSize), loss);
        tf.dispose([idx, xb, yb, tb, value, ...Object.values(grads)]);
      }
      const logs = { loss: sum / n };
      history.push(logs);
      opts.onEpochEnd?.(epoch, logs);
    }
  } finally {
    optimizer.dispose();
    teacherProbs.dispose();
  }
  return history;
}

/**
 * A student with the teacher's architecture and every hidden Dense/Conv2D width scaled
 * by one common factor, the largest (in steps of 1/64) whose parameter count is
 * ≤ `maxFraction` (default ¼) of the teacher's. `init` 'teacher' (default) starts it
 * from the teacher's units/filters of largest L1 norm (structured pruning, as
 * DistilBERT initialises from teacher layers); 'random' from fresh initializers.
 */
export async function makeStudent(
  teacher: tf.LayersModel,
  maxFraction = 0.25,
  init: 'teacher' | 'random' = 'teacher',
): Promise<tf.LayersModel> {
  const hidden = hiddenWidths(teacher);
  if (hidden.length === 0) {
    throw new FrontierError(
      'DISTILL_NO_HIDDEN',
      `model ${teacher.name} has no hidden Dense/Conv2D layer to shrink`,
      {
        where: teacher.name,
        hint: 'build the student yourself and call distill(teacher, student, …)',
      },
    );
  }
  const limit = maxFraction * countParams(teacher);
  const widthsAt = (f: number) =>
    Object.fromEntries(hidden.map((h) => [h.name, Math.max(1, Math.round(h.width * f))]));
  let best: Record<string, number> | undefined;
  let lo = 1;
  let hi = 64; // binary search over f = step/64 for the largest that fits
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const probe = await resizedModel(teacher, widthsAt(mid / 64));
    const fits = countParams(probe) <= limit;
    probe.dispose();
    if (fits) {
      best = widthsAt(mid / 64);
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (!best) {
    throw new FrontierError(
      'DISTILL_STUDENT_TOO_BIG',
      `no width scaling gets ${teacher.name} under ${maxFraction} of its parameters`,
      { where: 'maxFraction', hint: 'raise maxFraction or build the student yourself' },
    );
  }
  if (init === 'random') return resizedModel(teacher, best);
  const widths = best;
  const fractions = Object.fromEntries(hidden.map((h) => [h.name, (h.width - widths[h.name]) / h.width]));
  return (await pruneStructured(teacher, { fraction: 0, fractions })).model;
}
