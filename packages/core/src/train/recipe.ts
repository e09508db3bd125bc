import type { Callback } from './callback.ts';
import { makeOptimizer, type OptimizerConfig } from './optimizers.ts';
import { makeLrSchedule, type LrScheduleConfig } from './scheduled-lr.ts';
import type { TrainerOptions } from './trainer.ts';
import { clipByGlobalNorm, clipByValue, type GradientTransform } from './transforms.ts';
import { FrontierError } from '../util/errors.ts';
import type { LossName } from './losses.ts';

/**
 * The training knobs a config file may set, all optional. Defaults: Adam 1e-3, no
 * schedule, no clipping, batch size 32. Regularizers and dropout live in the model
 * config (`kernelRegularizer`, `dropout` layers).
 */
export interface TrainingKnobs {
  optimizer?: OptimizerConfig;
  /** A learning-rate schedule around optimizer.learningRate; null (or absent): constant. */
  schedule?: LrScheduleConfig | null;
  /** Clip gradients to this global L2 norm (Keras global_clipnorm). */
  clipNorm?: number;
  /** Clip every gradient element to [−clipValue, clipValue] (Keras clipvalue). */
  clipValue?: number;
  batchSize?: number;
}

/** What `trainingRecipe` resolves knobs into: Trainer options, fit callbacks and batch size. */
export interface TrainingRecipe {
  trainer: TrainerOptions;
  callbacks: Callback[];
  batchSize: number;
}

/**
 * Turns config knobs into `new Trainer(model, recipe.trainer)` options and the
 * callbacks and batch size for `fit`. Value clipping runs before norm clipping.
 * Validates every field (the optimizer too) and names the bad one.
 */
export function trainingRecipe(knobs: TrainingKnobs = {}, loss?: LossName): TrainingRecipe {
  const optimizer = knobs.optimizer ?? { name: 'adam', learningRate: 1e-3 };
  makeOptimizer(optimizer).dispose(); // validate now, not at the first step
  const transforms: GradientTransform[] = [];
  for (const key of ['clipValue', 'clipNorm'] as const) {
    const v = knobs[key];
    if (v === undefined) continue;
    if (!(v > 0)) {
      throw new FrontierError('TRAIN_CONFIG', `${key} must be > 0, got ${JSON.stringify(v)}`, {
        where: `train.${key}`,
        hint: 'e.g. 1.0, or leave it out to train without clipping',
      });
    }
    transforms.push(key === 'clipNorm' ? clipByGlobalNorm(v) : clipByValue(v));
  }
  const batchSize = knobs.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new FrontierError(
      'TRAIN_CONFIG',
      `batchSize must be a positive integer, got ${JSON.stringify(batchSize)}`,
      {
        where: 'train.batchSize',
        hint: 'e.g. 32',
      },
    );
  }
  const callbacks = knobs.schedule ? [makeLrSchedule(knobs.schedule, optimizer.learningRate ?? 1e-3)] : [];
  return { trainer: { optimizer, transforms, ...(loss ? { loss } : {}) }, callbacks, batchSize };
}
