/** Progress of a long explanation: a redrawn bar on a TTY, nothing elsewhere (logs stay clean). */
import { formatDuration, type ProgressStream } from '../train/progress.ts';

/** Counts explained rows against a total and draws `label [=====>   ] 3/10 ETA 0:12` on a TTY. */
export class ExplainProgress {
  private done = 0;
  private readonly start: number;
  private lastDraw = -Infinity;

  constructor(
    private readonly out: ProgressStream | undefined,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  /** Marks `n` more rows done and redraws (at most ~10 times a second, always at the end). */
  tick(n = 1): void {
    this.done = Math.min(this.total, this.done + n);
    if (!this.out?.isTTY) return;
    const t = this.now();
    if (t - this.lastDraw < 100 && this.done < this.total) return;
    this.lastDraw = t;
    this.out.write(`\r${this.line(t)}\x1b[K`);
    if (this.done === this.total) this.out.write('\n');
  }

  /** The bar text at time `t`. */
  line(t: number): string {
    const width = 24;
    const filled = Math.floor((this.done / this.total) * width);
    const bar =
      '='.repeat(Math.max(0, filled - 1)) +
      (filled > 0 ? (this.done === this.total ? '=' : '>') : '') +
      ' '.repeat(width - filled);
    const elapsed = (t - this.start) / 1000;
    const eta =
      this.done > 0 && this.done < this.total
        ? ` ETA ${formatDuration((elapsed / this.done) * (this.total - this.done))}`
        : '';
    return `${this.label} [${bar}] ${this.done}/${this.total}${eta}`;
  }
}
