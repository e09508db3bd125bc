/**
 * The shapes the samplers, pruners and the study loop share: a trial as seen by
 * them, the optimization direction, and the sampler and pruner interfaces.
 */
import type { Params, SearchSpace } from './space.ts';

/** Whether a larger objective is better (`maximize`, e.g. val_accuracy) or a smaller one (`minimize`, e.g. val_loss). */
export type Direction = 'maximize' | 'minimize';

/** Lifecycle of a trial. Stored as run status running / finished / killed / failed. */
export type TrialState = 'running' | 'finished' | 'pruned' | 'failed';

/** A trial as samplers and pruners see it. */
export interface TrialView {
  /** 0, 1, 2 … in claim order, unique within the study. */
  readonly number: number;
  readonly params: Params;
  readonly state: TrialState;
  /** Final objective of a finished trial. */
  readonly value?: number;
  /** Intermediate objective by step (epoch, 1-based). */
  readonly intermediate: ReadonlyMap<number, number>;
}

/** What a sampler gets besides the finished history. */
export interface SampleContext {
  /** The trial's number. */
  readonly number: number;
  /** Seeded generator for this trial, [0, 1). */
  readonly rand: () => number;
  readonly direction: Direction;
}

/** Proposes the next point. Returns null when the space is exhausted (grid). */
export interface Sampler {
  readonly name: string;
  sample(space: SearchSpace, trials: readonly TrialView[], ctx: SampleContext): Params | null;
}

/** Decides, after a trial reports `step`, whether to stop it. */
export interface Pruner {
  readonly name: string;
  /**
   * `trial.intermediate` already holds the value at `step`; `trials` are all the
   * study's trials (this one included), from any process.
   */
  shouldPrune(trial: TrialView, step: number, trials: readonly TrialView[], direction: Direction): boolean;
}

/** Whether `a` is strictly better than `b` in `direction`. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === 'maximize' ? a > b : a < b;
}

/** Sorts values best first. */
export function bestFirst(direction: Direction): (a: number, b: number) => number {
  return direction === 'maximize' ? (a, b) => b - a : (a, b) => a - b;
}
