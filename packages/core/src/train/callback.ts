/** Scalar logs after a batch or an epoch: `loss`, `accuracy`, `val_loss`, `lr`, … */
export type Logs = Record<string, number>;

/** What callbacks may see and steer of the running trainer. */
export interface TrainingHandle {
  /** Set true to end training after the current epoch. */
  stopTraining: boolean;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** Per-epoch logs so far, restored too when a run resumes. */
  readonly history: Logs[];
  getLearningRate(): number;
  setLearningRate(lr: number): void;
  /** Model and optimizer state, for checkpoints and early stopping's best weights. */
  snapshot(): Promise<TrainingSnapshot>;
  restore(snapshot: TrainingSnapshot): Promise<void>;
}

/** Everything needed to continue training bit-for-bit: named weight arrays and position. */
export interface TrainingSnapshot {
  /** Index of the last completed epoch (0-based); -1 before the first. */
  epoch: number;
  step: number;
  history: Logs[];
  model: NamedArray[];
  optimizer: NamedArray[];
}

export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * Base class of training callbacks: every hook is empty, override what you need.
 * Hooks may be async; the trainer awaits them in order.
 */
export class Callback {
  protected trainer!: TrainingHandle;
  setTrainer(trainer: TrainingHandle): void {
    this.trainer = trainer;
  }
  onTrainBegin(): void | Promise<void> {}
  onEpochBegin(_epoch: number): void | Promise<void> {}
  onBatchEnd(_step: number, _logs: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs: Logs): void | Promise<void> {}
  onTrainEnd(_logs: Logs): void | Promise<void> {}
}
