import { Callback, type Logs, type TrainingSnapshot } from './callback.ts';

/** Options of EarlyStopping. Defaults: monitor 'val_loss', patience 3, minDelta 0, restoreBestWeights true. */
export interface EarlyStoppingOptions {
  monitor?: string;
  /** Epochs without improvement before stopping. */
  patience?: number;
  /** The smallest change that counts as an improvement. */
  minDelta?: number;
  /** 'min' for losses, 'max' for accuracies; default from the monitor's name. */
  mode?: 'min' | 'max';
  restoreBestWeights?: boolean;
}

/**
 * Stops training when `monitor` has not improved by `minDelta` for `patience`
 * epochs, and optionally puts back the best epoch's weights — Keras EarlyStopping.
 * On resume it rebuilds its state from the restored history.
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly sign: number;
  private readonly restoreBest: boolean;
  private best = Infinity;
  private wait = 0;
  private bestSnapshot: TrainingSnapshot | undefined;
  /** The epoch training stopped at, if it stopped early. */
  stoppedEpoch: number | undefined;

  constructor(opts: EarlyStoppingOptions = {}) {
    super();
    this.monitor = opts.monitor ?? 'val_loss';
    this.patience = opts.patience ?? 3;
    this.minDelta = Math.abs(opts.minDelta ?? 0);
    const mode = opts.mode ?? (/acc|auc|precision|recall|f1/.test(this.monitor) ? 'max' : 'min');
    this.sign = mode === 'min' ? 1 : -1;
    this.restoreBest = opts.restoreBestWeights ?? true;
  }

  override onTrainBegin(): void {
    this.best = Infinity;
    this.wait = 0;
    for (const logs of this.trainer.history) this.update(logs);
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const improved = this.update(logs);
    if (improved && this.restoreBest) this.bestSnapshot = await this.trainer.snapshot();
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      this.trainer.stopTraining = true;
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stoppedEpoch !== undefined && this.bestSnapshot) await this.trainer.restore(this.bestSnapshot);
  }

  /** Records one epoch's logs; true when it is the best so far. */
  private update(logs: Logs): boolean {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new Error(
        `EarlyStopping: metric ${this.monitor} is not logged (have: ${Object.keys(logs).join(', ')}); pass validation data or monitor 'loss'`,
      );
    }
    const score = this.sign * value;
    if (score < this.best - this.minDelta) {
      this.best = score;
      this.wait = 0;
      return true;
    }
    this.wait++;
    return false;
  }
}
