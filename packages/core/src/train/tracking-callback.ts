import type { TrackingStore } from '../track/index.ts';
import { Callback, type Logs } from './callback.ts';

/**
 * Logs every epoch's logs to a tracking store as metric series (step = epoch,
 * 1-based), optionally prefixed (`baseline/loss`), and the running batch loss every
 * `batchEvery` steps (0 = never) under `<prefix>batch_loss`.
 */
export class TrackingCallback extends Callback {
  private pending: Promise<void> = Promise.resolve();
  constructor(
    private readonly store: Pick<TrackingStore, 'logMetrics'>,
    private readonly runId: string,
    private readonly opts: { prefix?: string; batchEvery?: number } = {},
  ) {
    super();
  }

  override onBatchEnd(step: number, logs: Logs): void {
    const every = this.opts.batchEvery ?? 0;
    if (every > 0 && step % every === 0 && logs.loss !== undefined) {
      // batch points are fire-and-forget so training never waits on the database;
      // onEpochEnd awaits them, so errors still surface.
      const key = `${this.opts.prefix ?? ''}batch_loss`;
      this.pending = this.pending.then(() =>
        this.store.logMetrics(this.runId, [{ key, step, value: logs.loss }]),
      );
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    await this.pending;
    const prefix = this.opts.prefix ?? '';
    const points = Object.entries(logs)
      .filter(([, v]) => Number.isFinite(v))
      .map(([k, value]) => ({ key: `${prefix}${k}`, step: epoch + 1, value }));
    await this.store.logMetrics(this.runId, points);
  }
}
