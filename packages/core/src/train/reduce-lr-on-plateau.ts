import { Callback, type Logs } from './callback.ts';
import { FrontierError } from '../util/errors.ts';

/** Options of ReduceLROnPlateau. Defaults as Keras: val_loss, factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0. */
export interface ReduceLROnPlateauOptions {
  monitor?: string;
  /** 'min' for losses, 'max' for accuracies; default: 'max' when monitor contains "acc". */
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. */
  cooldown?: number;
  minLr?: number;
}

/**
 * Keras ReduceLROnPlateau: when `monitor` has not improved by more than `minDelta`
 * for `patience` epochs, multiply the learning rate by `factor` (not below
 * `minLr`), then wait `cooldown` epochs. Epochs missing the metric are skipped.
 * Its counters are not part of checkpoints: a resumed run starts them afresh.
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private readonly factor: number;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  private best = Infinity;
  private wait = 0;
  private cooldownLeft = 0;
  /** Epochs (0-based) at whose end the rate was reduced. */
  readonly reductions: number[] = [];

  constructor(opts: ReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = opts.monitor ?? 'val_loss';
    this.mode = opts.mode ?? (this.monitor.includes('acc') ? 'max' : 'min');
    this.factor = opts.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1)) {
      throw new FrontierError('LR_SCHEDULE', `factor must be in (0, 1), got ${this.factor}`, {
        where: 'train.schedule.factor',
        hint: 'e.g. 0.5 halves the learning rate on a plateau',
      });
    }
    this.patience = opts.patience ?? 10;
    this.minDelta = Math.abs(opts.minDelta ?? 1e-4);
    this.cooldown = opts.cooldown ?? 0;
    this.minLr = opts.minLr ?? 0;
  }

  override onTrainBegin(): void {
    this.best = Infinity;
    this.wait = 0;
    this.cooldownLeft = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const raw = logs[this.monitor];
    if (raw === undefined) return;
    const current = this.mode === 'min' ? raw : -raw;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    if (current < this.best - this.minDelta) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownLeft === 0 && ++this.wait >= this.patience) {
      const lr = this.trainer.getLearningRate();
      if (lr > this.minLr) {
        this.trainer.setLearningRate(Math.max(lr * this.factor, this.minLr));
        this.reductions.push(epoch);
        this.cooldownLeft = this.cooldown;
        this.wait = 0;
      }
    }
  }
}
