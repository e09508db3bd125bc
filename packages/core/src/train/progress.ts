import { Callback, type Logs } from './callback.ts';

/** Where progress goes: a TTY gets a redrawn bar, anything else plain lines. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

/**
 * A Keras-style progress bar: `Epoch 2/5 [=====>    ] 940/1875 ETA 0:31 loss 0.2143 accuracy 0.9381`.
 * On a TTY it redraws one line (at most ~10 times a second); otherwise it prints
 * a line at each tenth of a long epoch and one per epoch, so logs stay readable.
 */
export class ProgressBar extends Callback {
  private epochStart = 0;
  private lastDraw = 0;
  private epoch = 0;
  constructor(
    private readonly out: ProgressStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {
    super();
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.epochStart = this.now();
    this.lastDraw = 0;
  }

  override onBatchEnd(step: number, logs: Logs): void {
    const t = this.now();
    const done = ((step - 1) % this.trainer.stepsPerEpoch) + 1;
    if (!this.out.isTTY) {
      // logs get a line at every tenth of a long epoch, so a CI log shows it moving
      const tenth = Math.ceil(this.trainer.stepsPerEpoch / 10);
      if (this.trainer.stepsPerEpoch >= 50 && done % tenth === 0 && done < this.trainer.stepsPerEpoch) {
        this.out.write(`${this.line(done, logs, t).replace(/ \[[^\]]*\]/, '')}\n`);
      }
      return;
    }
    if (t - this.lastDraw < 100 && done < this.trainer.stepsPerEpoch) return;
    this.lastDraw = t;
    this.out.write(`\r${this.line(done, logs, t)}\x1b[K`);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    const t = this.now();
    const took = formatDuration((t - this.epochStart) / 1000);
    if (this.out.isTTY) {
      this.out.write(
        `\r${this.line(this.trainer.stepsPerEpoch, logs, t)} ${took} ${formatLogs(logs, ['val_'])}\x1b[K\n`,
      );
    } else {
      this.out.write(`Epoch ${this.epoch + 1}/${this.trainer.epochs} ${took} ${formatLogs(logs, [''])}\n`);
    }
  }

  /** The bar text for `done` of the epoch's steps. */
  line(done: number, logs: Logs, t: number): string {
    const total = this.trainer.stepsPerEpoch;
    const width = 24;
    const filled = Math.min(width, Math.floor((done / total) * width));
    const bar =
      '='.repeat(Math.max(0, filled - 1)) +
      (filled > 0 ? (done === total ? '=' : '>') : '') +
      ' '.repeat(width - filled);
    const elapsed = (t - this.epochStart) / 1000;
    const eta = done < total ? ` ETA ${formatDuration((elapsed / done) * (total - done))}` : '';
    return `Epoch ${this.epoch + 1}/${this.trainer.epochs} [${bar}] ${done}/${total}${eta} ${formatLogs(logs, [''])}`;
  }
}

/** `m:ss`, or `h:mm:ss` past an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `loss 0.2143 accuracy 0.9381` for the keys starting with any of `prefixes`. */
export function formatLogs(logs: Logs, prefixes: string[]): string {
  return Object.entries(logs)
    .filter(([k]) => k !== 'lr' && prefixes.some((p) => k.startsWith(p)))
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(' ');
}
