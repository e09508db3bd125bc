import { FrontierError } from '../util/errors.ts';

/**
 * A pruning schedule: the target sparsity at a training step, and whether the masks
 * are recomputed at that step (TF-MOT's `PruningSchedule.__call__`).
 */
export interface SparsitySchedule {
  readonly name: string;
  /** Target sparsity in [0, 1) at global step `step`. */
  sparsity(step: number): number;
  /** Whether masks are updated at `step`. */
  shouldPrune(step: number): boolean;
  /** The step after which the masks no longer change (for reports and stripping). */
  readonly endStep: number;
}

/**
 * Options of {@link polynomialDecay}. Defaults follow TF-MOT PolynomialDecay:
 * power 3, frequency 100, beginStep 0.
 */
export interface PolynomialDecayOptions {
  initialSparsity: number;
  finalSparsity: number;
  beginStep?: number;
  endStep: number;
  power?: number;
  frequency?: number;
}

function checkSparsity(value: number, where: string): void {
  if (!(value >= 0 && value < 1)) {
    throw new FrontierError('PRUNE_SPARSITY', `${where} must be in [0, 1), got ${value}`, {
      where,
      hint: 'a sparsity of 0.9 zeroes 90% of the weights',
    });
  }
}

/**
 * Zhu & Gupta's gradual schedule (TF-MOT PolynomialDecay):
 * s(t) = s_f + (s_i − s_f)·(1 − p)^power, p = clamp((t − t0)/(t_end − t0), 0, 1);
 * masks update every `frequency` steps from t0 to t_end inclusive. With s_i = 0,
 * s_f = 0.8 over 1,000 steps, s(500) = 0.7.
 */
export function polynomialDecay(opts: PolynomialDecayOptions): SparsitySchedule {
  const begin = opts.beginStep ?? 0;
  const power = opts.power ?? 3;
  const frequency = opts.frequency ?? 100;
  checkSparsity(opts.initialSparsity, 'initialSparsity');
  checkSparsity(opts.finalSparsity, 'finalSparsity');
  if (!(opts.endStep > begin)) {
    throw new FrontierError('PRUNE_SCHEDULE', `endStep ${opts.endStep} must be after beginStep ${begin}`, {
      where: 'endStep',
      hint: 'pick endStep from the number of training steps (epochs × steps per epoch)',
    });
  }
  if (!(Number.isInteger(frequency) && frequency > 0)) {
    throw new FrontierError('PRUNE_SCHEDULE', `frequency must be a positive integer, got ${frequency}`, {
      where: 'frequency',
    });
  }
  return {
    name: `polynomialDecay(${opts.initialSparsity}→${opts.finalSparsity}, steps ${begin}..${opts.endStep}, power ${power})`,
    endStep: opts.endStep,
    sparsity(step) {
      const p = Math.min(1, Math.max(0, (step - begin) / (opts.endStep - begin)));
      return opts.finalSparsity + (opts.initialSparsity - opts.finalSparsity) * (1 - p) ** power;
    },
    shouldPrune(step) {
      return step >= begin && step <= opts.endStep && (step - begin) % frequency === 0;
    },
  };
}

/**
 * One-shot pruning to a fixed sparsity at `beginStep` (TF-MOT ConstantSparsity with
 * the masks then frozen): masks are computed once, then only kept.
 */
export function constantSparsity(sparsity: number, beginStep = 0): SparsitySchedule {
  checkSparsity(sparsity, 'sparsity');
  return {
    name: `constantSparsity(${sparsity})`,
    endStep: beginStep,
    sparsity: () => sparsity,
    shouldPrune: (step) => step === beginStep,
  };
}

/**
 * Never recomputes the masks: the pruner keeps the model's current zero pattern
 * (for fine-tuning an already pruned, e.g. loaded, model).
 */
export function keepSparsity(): SparsitySchedule {
  return { name: 'keepSparsity', endStep: 0, sparsity: () => 0, shouldPrune: () => false };
}
