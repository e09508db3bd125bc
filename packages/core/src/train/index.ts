export { Trainer, type TrainerOptions, type FitOptions, type EvalResult } from './trainer.ts';
export {
  Callback,
  type Logs,
  type TrainingHandle,
  type TrainingSnapshot,
  type NamedArray,
} from './callback.ts';
export {
  applyChain,
  clipByGlobalNorm,
  clipByValue,
  globalNorm,
  type GradientTransform,
  type Gradients,
  type StepContext,
} from './transforms.ts';
export { computeLoss, LOSSES, type LossName } from './losses.ts';
export {
  makeOptimizer,
  registerOptimizerProvider,
  resolveOptimizerConfig,
  getLearningRate,
  setLearningRate,
  OPTIMIZER_NAMES,
  type OptimizerConfig,
  type OptimizerName,
  type OptimizerProvider,
  type ResolvedOptimizerConfig,
} from './optimizers.ts';
export { AdamW } from './adamw.ts';
export { ProgressBar, formatDuration, type ProgressStream } from './progress.ts';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.ts';
export { ModelCheckpoint } from './checkpoint.ts';
export { saveCheckpoint, loadCheckpoint, readCheckpointFingerprint } from './checkpoint-file.ts';
export {
  checkFingerprint,
  fingerprintOf,
  fingerprintDiff,
  canonicalize,
  type CheckpointFingerprint,
  type FingerprintDifference,
} from './checkpoint-fingerprint.ts';
export {
  LearningRateScheduler,
  stepDecay,
  exponentialDecay,
  cosineDecay,
  cosineWithWarmup,
  polynomialDecay,
  oneCycle,
  type Schedule,
} from './lr-schedule.ts';
export {
  ScheduledLearningRate,
  makeLrSchedule,
  LR_SCHEDULE_TYPES,
  type LrScheduleConfig,
  type ScheduleUnit,
} from './scheduled-lr.ts';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.ts';
export { trainingRecipe, type TrainingKnobs, type TrainingRecipe } from './recipe.ts';
export { epochPermutation, mulberry32 } from './rng.ts';
export { TrackingCallback } from './tracking-callback.ts';
