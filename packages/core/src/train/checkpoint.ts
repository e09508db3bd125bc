import { Callback } from './callback.ts';
import { saveCheckpoint } from './checkpoint-file.ts';
import type { CheckpointFingerprint } from './checkpoint-fingerprint.ts';

/**
 * Saves model weights, optimizer state and position into `dir` at the end of every
 * `everyEpochs`-th epoch (default 1), atomically. Pass the same folder to
 * `fit({ resumeFrom })` to continue a killed run exactly where its last checkpoint was.
 * `fingerprint` (the config the run trains with) is stored with every checkpoint, so
 * a resume can refuse another config (see checkFingerprint).
 */
export class ModelCheckpoint extends Callback {
  constructor(
    readonly dir: string,
    private readonly everyEpochs = 1,
    private readonly onSaved?: (epoch: number) => void,
    private readonly fingerprint?: CheckpointFingerprint,
  ) {
    super();
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    if ((epoch + 1) % this.everyEpochs !== 0 && !this.trainer.stopTraining) return;
    await saveCheckpoint(this.dir, await this.trainer.snapshot(), this.fingerprint);
    this.onSaved?.(epoch);
  }
}
