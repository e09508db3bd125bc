import { Callback } from './callback.ts';

/** A learning rate as a function of the epoch (0-based) and the initial rate. */
export type Schedule = (epoch: number, initialLr: number) => number;

/**
 * Sets the optimizer's learning rate at the start of each epoch from `schedule` —
 * Keras LearningRateScheduler. The rate in effect is logged as `lr`.
 */
export class LearningRateScheduler extends Callback {
  private initial: number | undefined;
  constructor(private readonly schedule: Schedule) {
    super();
  }
  override onTrainBegin(): void {
    this.initial ??= this.trainer.history[0]?.lr ?? this.trainer.getLearningRate();
  }
  override onEpochBegin(epoch: number): void {
    const lr = this.schedule(epoch, this.initial as number);
    if (!(lr > 0) || !Number.isFinite(lr))
      throw new RangeError(`learning-rate schedule gave ${lr} at epoch ${epoch}`);
    this.trainer.setLearningRate(lr);
  }
}

/** lr · factor^⌊epoch / every⌋. */
export const stepDecay =
  (factor: number, every: number): Schedule =>
  (epoch, lr) =>
    lr * factor ** Math.floor(epoch / every);

/** lr · rate^(epoch / decayEpochs). */
export const exponentialDecay =
  (rate: number, decayEpochs = 1): Schedule =>
  (epoch, lr) =>
    lr * rate ** (epoch / decayEpochs);

/** Linear warmup over `warmup` epochs, then cosine decay to `alpha`·lr at `total`. */
export const cosineDecay =
  (total: number, warmup = 0, alpha = 0): Schedule =>
  (epoch, lr) => {
    if (epoch < warmup) return (lr * (epoch + 1)) / (warmup + 1);
    const p = Math.min(1, (epoch - warmup) / Math.max(1, total - warmup));
    return lr * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * p)));
  };

/**
 * Keras PolynomialDecay: (lr − endLr)·(1 − min(t, decaySteps)/decaySteps)^power + endLr.
 * With power 1 it is a linear decay from lr to endLr, then constant.
 */
export const polynomialDecay =
  (decaySteps: number, endLr = 1e-4, power = 1): Schedule =>
  (t, lr) =>
    (lr - endLr) * (1 - Math.min(t, decaySteps) / decaySteps) ** power + endLr;

/**
 * Linear warmup from `warmupStart` to lr over `warmup` steps, then cosine decay to
 * alpha·lr at `total` (optax `warmup_cosine_decay_schedule`, Keras CosineDecay with
 * warmup): t < warmup → warmupStart + (lr − warmupStart)·t/warmup; afterwards
 * lr·(alpha + (1 − alpha)·½(1 + cos(π·min(1, (t − warmup)/(total − warmup))))).
 */
export const cosineWithWarmup =
  (total: number, warmup = 0, opts: { alpha?: number; warmupStart?: number } = {}): Schedule =>
  (t, lr) => {
    const alpha = opts.alpha ?? 0;
    const start = opts.warmupStart ?? 0;
    if (t < warmup) return start + ((lr - start) * t) / warmup;
    const p = Math.min(1, (t - warmup) / Math.max(1, total - warmup));
    return lr * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * p)));
  };

/**
 * PyTorch OneCycleLR (cosine annealing, two phases) with lr as the peak: it starts at
 * lr/divFactor, rises to lr at step pctStart·total − 1, then falls to
 * lr/(divFactor·finalDivFactor) at step total − 1. Defaults 0.3, 25, 1e4.
 */
export const oneCycle =
  (total: number, opts: { pctStart?: number; divFactor?: number; finalDivFactor?: number } = {}): Schedule =>
  (t, lr) => {
    const initial = lr / (opts.divFactor ?? 25);
    const final = initial / (opts.finalDivFactor ?? 1e4);
    const peakAt = (opts.pctStart ?? 0.3) * total - 1;
    const anneal = (from: number, to: number, pct: number) =>
      to + ((from - to) / 2) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, pct))));
    if (t <= peakAt) return anneal(initial, lr, t / peakAt);
    return anneal(lr, final, (t - peakAt) / (total - 1 - peakAt));
  };
