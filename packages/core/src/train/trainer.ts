import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { Callback, type Logs, type TrainingHandle, type TrainingSnapshot } from './callback.ts';
import { loadCheckpoint } from './checkpoint-file.ts';
import { computeLoss, countCorrect, isClassification, type LossName } from './losses.ts';
import {
  getLearningRate,
  getOptimizerState,
  makeOptimizer,
  setLearningRate,
  setOptimizerState,
  type OptimizerConfig,
} from './optimizers.ts';
import { epochPermutation } from './rng.ts';
import { applyChain, type GradientTransform } from './transforms.ts';

/** How to train. Defaults: Adam 1e-3, categorical cross-entropy, no transforms. */
export interface TrainerOptions {
  optimizer?: OptimizerConfig;
  loss?: LossName;
  /** Gradient transforms applied in order between backward pass and optimizer. */
  transforms?: GradientTransform[];
  /**
   * Add the model's regularization losses (layers' kernelRegularizer, as Keras does)
   * to the training loss. Default true; a model without regularizers is unaffected.
   */
  regularizationLosses?: boolean;
}

/** One call to fit. Defaults: batchSize 32, seed 42, no validation, no callbacks. */
export interface FitOptions {
  epochs: number;
  batchSize?: number;
  /** Seeds the data order of every epoch. */
  seed?: number;
  validationData?: { x: tf.Tensor; y: tf.Tensor };
  callbacks?: Callback[];
  /** A checkpoint folder: when it holds a checkpoint, training continues from it. */
  resumeFrom?: string;
}

/** Loss and (for classification) accuracy over a data set. */
export interface EvalResult {
  loss: number;
  accuracy?: number;
}

/**
 * Trains a tfjs LayersModel with an explicit step:
 * forward + loss → gradients → gradient transforms → optimizer.applyGradients.
 * Data order is a pure function of (seed, epoch), and checkpoints carry model and
 * optimizer state exactly, so a killed and resumed run ends with the same weights
 * as an uninterrupted one.
 */
export class Trainer implements TrainingHandle {
  readonly model: tf.LayersModel;
  readonly loss: LossName;
  readonly transforms: GradientTransform[];
  optimizer: tf.Optimizer;
  stopTraining = false;
  epochs = 0;
  stepsPerEpoch = 0;
  history: Logs[] = [];
  private step = 0;
  private lastEpoch = -1;
  private readonly optimizerConfig: OptimizerConfig | undefined;
  private readonly regularizationLosses: boolean;

  constructor(model: tf.LayersModel, opts: TrainerOptions = {}) {
    this.model = model;
    this.loss = opts.loss ?? 'categoricalCrossentropy';
    this.transforms = opts.transforms ?? [];
    this.optimizerConfig = opts.optimizer;
    this.optimizer = makeOptimizer(opts.optimizer);
    this.regularizationLosses = opts.regularizationLosses ?? true;
  }

  /** Runs one training step on a batch and returns its mean loss and correct count. */
  trainStep(x: tf.Tensor, y: tf.Tensor, epoch: number): { loss: number; correct: number } {
    const vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const pred = this.model.apply(x, { training: true }) as tf.Tensor;
      if (isClassification(this.loss)) correct = tf.keep(countCorrect(this.loss, y, pred));
      const loss = computeLoss(this.loss, y, pred);
      const penalties = this.regularizationLosses ? this.model.calculateLosses() : [];
      return penalties.length > 0 ? (tf.addN([loss, ...penalties]) as tf.Scalar) : loss;
    }, vars);
    const ctx = { step: this.step, epoch, batchSize: x.shape[0] };
    const transformed = applyChain(this.transforms, grads, ctx);
    this.optimizer.applyGradients(transformed);
    tf.dispose(Object.values(transformed));
    const loss = value.dataSync()[0];
    const nCorrect = correct ? correct.dataSync()[0] : 0;
    tf.dispose([value, correct as tf.Tensor]);
    this.step++;
    if (!Number.isFinite(loss)) {
      throw new FrontierError('LOSS_NOT_FINITE', `training loss became ${loss} at step ${this.step}`, {
        where: `epoch ${epoch + 1}`,
        hint: 'lower the learning rate, add gradient clipping (clipNorm), or check the inputs for NaN',
      });
    }
    return { loss, correct: nCorrect };
  }

  /** Trains for `opts.epochs` epochs (counting those already done when resuming). */
  async fit(x: tf.Tensor, y: tf.Tensor, opts: FitOptions): Promise<Logs[]> {
    const n = x.shape[0];
    if (y.shape[0] !== n) {
      throw new FrontierError('SHAPE_MISMATCH', `x has ${n} rows but y has ${y.shape[0]}`, {
        hint: 'pass one label row per example',
      });
    }
    const batchSize = opts.batchSize ?? 32;
    const seed = opts.seed ?? 42;
    const callbacks = opts.callbacks ?? [];
    this.epochs = opts.epochs;
    this.stepsPerEpoch = Math.ceil(n / batchSize);
    this.stopTraining = false;
    if (opts.resumeFrom) {
      const snap = await loadCheckpoint(opts.resumeFrom);
      if (snap) await this.restore(snap, true);
    }
    for (const cb of callbacks) cb.setTrainer(this);
    for (const cb of callbacks) await cb.onTrainBegin();
    for (let epoch = this.lastEpoch + 1; epoch < opts.epochs && !this.stopTraining; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin(epoch);
      const order = epochPermutation(n, seed, epoch);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let b = 0; b < this.stepsPerEpoch; b++) {
        const idx = tf.tensor1d(order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize)), 'int32');
        const xb = tf.gather(x, idx);
        const yb = tf.gather(y, idx);
        const r = this.trainStep(xb, yb, epoch);
        tf.dispose([idx, xb, yb]);
        lossSum += r.loss * idx.shape[0];
        correct += r.correct;
        seen += idx.shape[0];
        const logs: Logs = { loss: lossSum / seen };
        if (isClassification(this.loss)) logs.accuracy = correct / seen;
        for (const cb of callbacks) await cb.onBatchEnd(this.step, logs);
      }
      const logs: Logs = { loss: lossSum / seen };
      if (isClassification(this.loss)) logs.accuracy = correct / seen;
      if (opts.validationData) {
        const v = this.evaluate(opts.validationData.x, opts.validationData.y, Math.max(batchSize, 256));
        logs.val_loss = v.loss;
        if (v.accuracy !== undefined) logs.val_accuracy = v.accuracy;
      }
      logs.lr = this.getLearningRate();
      this.history.push(logs);
      this.lastEpoch = epoch;
      for (const cb of callbacks) await cb.onEpochEnd(epoch, logs);
    }
    for (const cb of callbacks) await cb.onTrainEnd(this.history[this.history.length - 1] ?? {});
    return this.history;
  }

  /** Mean loss and accuracy of the model on (x, y), in inference mode. */
  evaluate(x: tf.Tensor, y: tf.Tensor, batchSize = 256): EvalResult {
    const n = x.shape[0];
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const [l, c] = tf.tidy(() => {
        const xb = tf.slice(x, start, size);
        const yb = tf.slice(y, start, size);
        const pred = this.model.apply(xb, { training: false }) as tf.Tensor;
        return [
          computeLoss(this.loss, yb, pred),
          isClassification(this.loss) ? countCorrect(this.loss, yb, pred) : tf.scalar(0),
        ];
      });
      lossSum += l.dataSync()[0] * size;
      correct += c.dataSync()[0];
      tf.dispose([l, c]);
    }
    return isClassification(this.loss) ? { loss: lossSum / n, accuracy: correct / n } : { loss: lossSum / n };
  }

  getLearningRate(): number {
    return getLearningRate(this.optimizer);
  }

  setLearningRate(lr: number): void {
    setLearningRate(this.optimizer, lr);
  }

  async snapshot(): Promise<TrainingSnapshot> {
    const model = this.model.getWeights().map((t, i) => ({
      name: this.model.weights[i].originalName,
      shape: t.shape,
      data: Float32Array.from(t.dataSync()),
    }));
    return {
      epoch: this.lastEpoch,
      step: this.step,
      history: this.history.map((h) => ({ ...h })),
      model,
      optimizer: await getOptimizerState(this.optimizer),
    };
  }

  /**
   * Puts model weights back; with `withOptimizer`, also the optimizer state and the
   * position (epoch, step, history), as a resume needs.
   */
  async restore(snap: TrainingSnapshot, withOptimizer = false): Promise<void> {
    const names = this.model.weights.map((w) => w.originalName);
    if (snap.model.length !== names.length || snap.model.some((a, i) => a.name !== names[i])) {
      throw new FrontierError('CHECKPOINT_MISMATCH', 'the checkpoint was written for a different model', {
        where: `expected weights ${names.join(', ')}`,
        hint: 'resume with the model config the checkpoint was trained with, or use a new checkpoint folder',
      });
    }
    const tensors = snap.model.map((a) => tf.tensor(a.data, a.shape));
    this.model.setWeights(tensors);
    tf.dispose(tensors);
    if (!withOptimizer) return;
    this.optimizer.dispose();
    this.optimizer = makeOptimizer(this.optimizerConfig);
    await setOptimizerState(this.optimizer, snap.optimizer);
    const lr = snap.history[snap.history.length - 1]?.lr;
    if (lr !== undefined) this.setLearningRate(lr);
    this.lastEpoch = snap.epoch;
    this.step = snap.step;
    this.history = snap.history.map((h) => ({ ...h }));
  }
}
