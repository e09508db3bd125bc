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
export { makeOptimizer, getLearningRate, setLearningRate, type OptimizerConfig } from './optimizers.ts';
export { ProgressBar, formatDuration, type ProgressStream } from './progress.ts';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.ts';
export { ModelCheckpoint } from './checkpoint.ts';
export { saveCheckpoint, loadCheckpoint } from './checkpoint-file.ts';
export {
  LearningRateScheduler,
  stepDecay,
  exponentialDecay,
  cosineDecay,
  type Schedule,
} from './lr-schedule.ts';
export { epochPermutation, mulberry32 } from './rng.ts';
export { TrackingCallback } from './tracking-callback.ts';
