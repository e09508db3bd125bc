import { Callback } from './callback.ts';
import {
  cosineWithWarmup,
  exponentialDecay,
  oneCycle,
  polynomialDecay,
  stepDecay,
  type Schedule,
} from './lr-schedule.ts';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.ts';
import { FrontierError } from '../util/errors.ts';

/** Whether a schedule's clock counts epochs or optimizer steps. */
export type ScheduleUnit = 'epoch' | 'step';

/**
 * A learning-rate schedule as a config file states it (`train.schedule`). `per`
 * (default 'epoch'; one-cycle always 'step') says what t counts. Where a length
 * (`decaySteps`, `totalSteps`) is absent it is the whole run: epochs, or
 * epochs × steps per epoch.
 */
export type LrScheduleConfig =
  | { type: 'step'; factor: number; every: number; per?: ScheduleUnit }
  | { type: 'exponential'; rate: number; decaySteps?: number; staircase?: boolean; per?: ScheduleUnit }
  | { type: 'polynomial'; decaySteps?: number; endLearningRate?: number; power?: number; per?: ScheduleUnit }
  | {
      type: 'cosine';
      decaySteps?: number;
      warmupSteps?: number;
      warmupStart?: number;
      alpha?: number;
      per?: ScheduleUnit;
    }
  | { type: 'oneCycle'; totalSteps?: number; pctStart?: number; divFactor?: number; finalDivFactor?: number }
  | ({ type: 'reduceOnPlateau' } & ReduceLROnPlateauOptions);

export const LR_SCHEDULE_TYPES = [
  'step',
  'exponential',
  'polynomial',
  'cosine',
  'oneCycle',
  'reduceOnPlateau',
] as const;

/**
 * Sets the learning rate to schedule(t, baseLr) before every epoch (per 'epoch') or
 * every optimizer step (per 'step'), where t counts completed epochs or steps, so a
 * resumed run continues the schedule where it stopped. `length` is the schedule's
 * horizon, resolved from the run when the factory is given `undefined`.
 */
export class ScheduledLearningRate extends Callback {
  private schedule: Schedule | undefined;
  constructor(
    readonly baseLr: number,
    readonly per: ScheduleUnit,
    private readonly make: (runLength: number) => Schedule,
  ) {
    super();
  }

  /** The rate at t (epochs or steps), once training has begun. */
  at(t: number): number {
    if (!this.schedule) throw new Error('ScheduledLearningRate.at called before onTrainBegin');
    return this.schedule(t, this.baseLr);
  }

  override onTrainBegin(): void {
    const perEpoch = this.per === 'step' ? this.trainer.stepsPerEpoch : 1;
    this.schedule = this.make(this.trainer.epochs * perEpoch);
    this.apply(this.trainer.history.length * perEpoch);
  }

  override onEpochBegin(epoch: number): void {
    if (this.per === 'epoch') this.apply(epoch);
  }

  override onBatchEnd(step: number): void {
    if (this.per === 'step') this.apply(step);
  }

  private apply(t: number): void {
    const lr = this.at(t);
    if (!(lr >= 0) || !Number.isFinite(lr)) {
      throw new FrontierError('LR_SCHEDULE', `the learning-rate schedule gave ${lr} at ${this.per} ${t}`, {
        where: 'train.schedule',
        hint: 'check the schedule fields (rates and step counts must be positive)',
      });
    }
    this.trainer.setLearningRate(lr);
  }
}

/**
 * The callback for `config`, scheduling around `baseLr` (the optimizer's
 * learningRate; one-cycle's peak). Throws a FrontierError naming a bad field.
 */
export function makeLrSchedule(config: LrScheduleConfig, baseLr: number): Callback {
  const fail = (key: string, message: string, hint?: string): never => {
    throw new FrontierError('LR_SCHEDULE', message, { where: `train.schedule.${key}`, hint });
  };
  const positive = (key: string, v: number | undefined) => {
    if (v !== undefined && !(v > 0)) fail(key, `${key} must be > 0, got ${JSON.stringify(v)}`);
    return v;
  };
  if (!(baseLr > 0)) fail('learningRate', `the base learning rate must be > 0, got ${baseLr}`);
  const per = (config as { per?: ScheduleUnit }).per ?? 'epoch';
  if (per !== 'epoch' && per !== 'step')
    fail('per', `per must be "epoch" or "step", got ${JSON.stringify(per)}`);
  switch (config.type) {
    case 'step':
      positive('factor', config.factor);
      positive('every', config.every);
      return new ScheduledLearningRate(baseLr, per, () => stepDecay(config.factor, config.every));
    case 'exponential': {
      positive('rate', config.rate);
      const k = positive('decaySteps', config.decaySteps) ?? 1;
      const s = exponentialDecay(config.rate, k);
      return new ScheduledLearningRate(baseLr, per, () =>
        config.staircase ? (t, lr) => s(Math.floor(t / k) * k, lr) : s,
      );
    }
    case 'polynomial':
      positive('decaySteps', config.decaySteps);
      return new ScheduledLearningRate(baseLr, per, (n) =>
        polynomialDecay(config.decaySteps ?? n, config.endLearningRate ?? 0, config.power ?? 1),
      );
    case 'cosine':
      positive('decaySteps', config.decaySteps);
      return new ScheduledLearningRate(baseLr, per, (n) =>
        cosineWithWarmup(config.decaySteps ?? n, config.warmupSteps ?? 0, {
          alpha: config.alpha,
          warmupStart: config.warmupStart,
        }),
      );
    case 'oneCycle':
      positive('totalSteps', config.totalSteps);
      if (config.pctStart !== undefined && !(config.pctStart > 0 && config.pctStart < 1))
        fail('pctStart', `pctStart must be in (0, 1), got ${config.pctStart}`);
      return new ScheduledLearningRate(baseLr, 'step', (n) => oneCycle(config.totalSteps ?? n, config));
    case 'reduceOnPlateau': {
      const { type: _type, ...opts } = config;
      return new ReduceLROnPlateau(opts);
    }
    default:
      return fail(
        'type',
        `unknown schedule type ${JSON.stringify((config as { type: unknown }).type)}`,
        `use one of: ${LR_SCHEDULE_TYPES.join(', ')}`,
      );
  }
}
