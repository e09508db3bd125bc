import { Callback, type Logs } from '../train/index.ts';
import type { ReportFn } from './optimize.ts';

/**
 * Reports each epoch's logs to the study (step = epochs done) and stops training when
 * the report says the trial is pruned; `steps` and `pruned` tell how the trial ended.
 */
export class ReportCallback extends Callback {
  pruned = false;
  steps = 0;
  constructor(private readonly report: ReportFn) {
    super();
  }
  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    this.steps = epoch + 1;
    if (await this.report(epoch + 1, logs)) {
      this.pruned = true;
      this.trainer.stopTraining = true;
    }
  }
}
