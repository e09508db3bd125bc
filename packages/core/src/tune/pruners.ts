/**
 * Early stopping of weak trials from their intermediate values.
 *
 * ASHA (Li et al., 2020, asynchronous successive halving): rungs sit at steps
 * r·η^(k+s) (r = minResource, η = reductionFactor, s = minEarlyStoppingRate). When
 * a trial reports the step of a rung, it is compared with every trial (of any
 * process) that has a value at that step: it continues if it ranks in the top
 * max(1, ⌊n/η⌋) of those n, and is pruned otherwise. Decisions are made as values
 * arrive, never waiting for a full rung, which is what makes it asynchronous.
 *
 * Hyperband (Li et al., 2018) runs several ASHA brackets: bracket s (0..sMax,
 * sMax = ⌊log_η(R/r)⌋) starts its first rung at R·η^(−s), so bracket sMax prunes
 * the most eagerly and bracket 0 not at all. Trials are dealt to brackets by trial
 * number in proportion to Hyperband's bracket sizes ⌈(sMax+1)/(s+1)·η^s⌉, and only
 * compete with trials of their own bracket.
 */
import { FrontierError } from '../util/errors.ts';
import { bestFirst, type Direction, type Pruner, type TrialView } from './types.ts';

/** ASHA settings. Defaults: minResource 1, reductionFactor 3, minEarlyStoppingRate 0. */
export interface AshaOptions {
  minResource?: number;
  reductionFactor?: number;
  minEarlyStoppingRate?: number;
  /** Steps at or past this (the trial's last epoch) never prune. Default: no limit. */
  maxResource?: number;
}

function checkPositive(name: string, v: number, min: number): void {
  if (!(Number.isFinite(v) && v >= min))
    throw new FrontierError('TUNE_BAD_PRUNER', `${name} must be a number >= ${min}, got ${v}`, {
      where: `pruner.${name}`,
      hint: 'e.g. minResource 1, reductionFactor 3',
    });
}

/** The rung steps r·η^(k+s) below `maxResource` (all up to 1e6 when unbounded). */
export function rungSteps(minResource: number, eta: number, s = 0, maxResource = 1e6): number[] {
  const out: number[] = [];
  for (let k = s; ; k++) {
    const step = minResource * eta ** k;
    if (step >= maxResource) return out;
    out.push(step);
  }
}

/**
 * Whether `value` of the trial numbered `number` is outside the top max(1, ⌊n/η⌋) of
 * the `rung` values (number → value, including its own). Ties are broken by trial
 * number (earlier wins).
 */
export function outsideTop(
  number: number,
  rung: ReadonlyMap<number, number>,
  eta: number,
  direction: Direction,
): boolean {
  const cmp = bestFirst(direction);
  const ranked = [...rung.entries()].sort((a, b) => cmp(a[1], b[1]) || a[0] - b[0]);
  const keep = Math.max(1, Math.floor(ranked.length / eta));
  return ranked.findIndex(([n]) => n === number) >= keep;
}

/** Asynchronous successive halving; see the file comment. */
export class AshaPruner implements Pruner {
  readonly name: string = 'asha';
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly maxResource: number;

  constructor(options: AshaOptions = {}) {
    this.minResource = options.minResource ?? 1;
    this.reductionFactor = options.reductionFactor ?? 3;
    this.minEarlyStoppingRate = options.minEarlyStoppingRate ?? 0;
    this.maxResource = options.maxResource ?? 1e6;
    checkPositive('minResource', this.minResource, 1);
    checkPositive('reductionFactor', this.reductionFactor, 2);
    checkPositive('minEarlyStoppingRate', this.minEarlyStoppingRate, 0);
  }

  /** The steps at which this pruner decides. */
  rungs(): number[] {
    return rungSteps(this.minResource, this.reductionFactor, this.minEarlyStoppingRate, this.maxResource);
  }

  shouldPrune(trial: TrialView, step: number, trials: readonly TrialView[], direction: Direction): boolean {
    if (!this.rungs().includes(step) || !trial.intermediate.has(step)) return false;
    const rung = new Map<number, number>();
    for (const t of this.competitors(trial, trials)) {
      const v = t.intermediate.get(step);
      if (v !== undefined && t.state !== 'failed') rung.set(t.number, v);
    }
    rung.set(trial.number, trial.intermediate.get(step)!);
    return outsideTop(trial.number, rung, this.reductionFactor, direction);
  }

  /** The trials this one is ranked against: all of the study's. */
  protected competitors(_trial: TrialView, trials: readonly TrialView[]): readonly TrialView[] {
    return trials;
  }
}

/** Hyperband settings. Defaults: minResource 1, reductionFactor 3; maxResource is required (the epochs). */
export interface HyperbandOptions {
  minResource?: number;
  maxResource: number;
  reductionFactor?: number;
}

/** Hyperband over ASHA brackets; see the file comment. */
export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband';
  readonly brackets: AshaPruner[];
  /** Trials per bracket in one round of dealing (Hyperband's n_s), bracket 0 first. */
  readonly bracketSizes: number[];

  constructor(options: HyperbandOptions) {
    const r = options.minResource ?? 1;
    const eta = options.reductionFactor ?? 3;
    const R = options.maxResource;
    checkPositive('maxResource', R, r);
    checkPositive('reductionFactor', eta, 2);
    const sMax = Math.floor(Math.log(R / r) / Math.log(eta) + 1e-9);
    this.brackets = [];
    this.bracketSizes = [];
    for (let s = 0; s <= sMax; s++) {
      // Bracket s's first rung at R·η^(−s) = r·η^(sMax−s)
      this.brackets.push(
        new AshaPruner({
          minResource: r,
          reductionFactor: eta,
          minEarlyStoppingRate: sMax - s,
          maxResource: R,
        }),
      );
      this.bracketSizes.push(Math.ceil(((sMax + 1) / (s + 1)) * eta ** s));
    }
  }

  /** The bracket (0..sMax) trial `number` belongs to: trials are dealt in runs of bracketSizes, cyclically. */
  bracketOf(number: number): number {
    const total = this.bracketSizes.reduce((a, b) => a + b, 0);
    let r = number % total;
    for (let s = 0; s < this.bracketSizes.length; s++) {
      if (r < this.bracketSizes[s]) return s;
      r -= this.bracketSizes[s];
    }
    return this.bracketSizes.length - 1;
  }

  shouldPrune(trial: TrialView, step: number, trials: readonly TrialView[], direction: Direction): boolean {
    const b = this.bracketOf(trial.number);
    const mine = trials.filter((t) => this.bracketOf(t.number) === b);
    return this.brackets[b].shouldPrune(trial, step, mine, direction);
  }
}

/** Never prunes. */
export class NopPruner implements Pruner {
  readonly name = 'none';
  shouldPrune(): boolean {
    return false;
  }
}

/** Names accepted by {@link makePruner}. */
export const PRUNERS = ['none', 'asha', 'hyperband'] as const;

/** The pruner called `name` for trials of `maxResource` epochs; throws `TUNE_BAD_PRUNER` for other names. */
export function makePruner(
  name: string,
  maxResource: number,
  options: { minResource?: number; reductionFactor?: number } = {},
): Pruner {
  switch (name) {
    case 'none':
      return new NopPruner();
    case 'asha':
      return new AshaPruner({ ...options, maxResource });
    case 'hyperband':
      return new HyperbandPruner({ ...options, maxResource });
    default:
      throw new FrontierError('TUNE_BAD_PRUNER', `unknown pruner ${JSON.stringify(name)}`, {
        where: '--pruner',
        hint: `use one of ${PRUNERS.join(', ')}`,
      });
  }
}
