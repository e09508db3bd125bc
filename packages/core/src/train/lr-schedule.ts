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
