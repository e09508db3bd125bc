// Training with a per-batch augmentation, without changing the Trainer: a subclass
// that transforms each training batch before the step. Evaluation is untouched.
import type * as tf from '@tensorflow/tfjs';
import { Trainer, type TrainerOptions } from '../train/index.ts';
import type { BatchAugment } from '../models/layers/augment.ts';

/** Options of {@link AugmentingTrainer}: the Trainer's plus the batch transform. */
export interface AugmentingTrainerOptions extends TrainerOptions {
  augment: BatchAugment;
}

/**
 * A Trainer whose training batches pass through `augment(xb, key)` first. The key is
 * epoch · 100003 + batch index within the epoch, so augmentation depends only on
 * (seed, epoch, batch): a resumed run sees the same augmented batches as an
 * uninterrupted one. `evaluate` and validation see the data unchanged.
 */
export class AugmentingTrainer extends Trainer {
  private readonly augment: BatchAugment;
  private epochSeen = -1;
  private batchInEpoch = 0;

  constructor(model: tf.LayersModel, opts: AugmentingTrainerOptions) {
    super(model, opts);
    this.augment = opts.augment;
  }

  override trainStep(x: tf.Tensor, y: tf.Tensor, epoch: number): { loss: number; correct: number } {
    if (epoch !== this.epochSeen) {
      this.epochSeen = epoch;
      this.batchInEpoch = 0;
    }
    const xa = this.augment(x, epoch * 100003 + this.batchInEpoch++);
    try {
      return super.trainStep(xa, y, epoch);
    } finally {
      xa.dispose();
    }
  }
}
