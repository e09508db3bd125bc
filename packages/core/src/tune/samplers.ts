/**
 * The random and grid samplers, the per-trial seeded generator, and the sampler
 * registry by name (`random`, `grid`, `tpe`).
 */
import { mulberry32 } from '../train/rng.ts';
import { FrontierError } from '../util/errors.ts';
import { gridPoints, pointKey, type GridOptions } from './grid.ts';
import { sampleSpace, type SearchSpace } from './space.ts';
import { TpeSampler, type TpeOptions } from './tpe.ts';
import type { Sampler } from './types.ts';

/**
 * The generator for trial `number` of a study seeded `seed`: a pure function of
 * both, so any process that claims the trial samples the same point (given the
 * same history).
 */
export function trialRandom(seed: number, number: number): () => number {
  return mulberry32((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(number + 1, 0x85ebca6b)) >>> 0);
}

/** Uniform sampling in each parameter's internal coordinate (log where log). */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  sample(space: SearchSpace, _trials: unknown, ctx: { rand: () => number }) {
    return sampleSpace(space, ctx.rand);
  }
}

/**
 * Grid search: trial n takes grid point n; when point n was already tried (a
 * re-run after a failure, or another process), the first point no live trial holds.
 * Returns null once every point is held by a running, finished or pruned trial.
 */
export class GridSampler implements Sampler {
  readonly name = 'grid';
  private cache?: { space: SearchSpace; points: ReturnType<typeof gridPoints> };
  constructor(private readonly options: GridOptions = {}) {}

  /** The grid this sampler walks. */
  points(space: SearchSpace) {
    if (this.cache?.space !== space) this.cache = { space, points: gridPoints(space, this.options) };
    return this.cache.points;
  }

  sample(
    space: SearchSpace,
    trials: readonly { params: Record<string, unknown>; state: string; number: number }[],
    ctx: { number: number },
  ) {
    const points = this.points(space);
    const held = new Set(
      trials
        .filter((t) => t.state !== 'failed' && t.number !== ctx.number)
        .map((t) => pointKey(t.params as never)),
    );
    const own = points[ctx.number];
    if (own !== undefined && !held.has(pointKey(own))) return own;
    return points.find((p) => !held.has(pointKey(p))) ?? null;
  }
}

/** Names accepted by {@link makeSampler}. */
export const SAMPLERS = ['random', 'grid', 'tpe'] as const;
/** A sampler name. */
export type SamplerName = (typeof SAMPLERS)[number];

/** Options of {@link makeSampler}: grid and TPE settings. */
export interface SamplerOptions extends GridOptions, TpeOptions {}

/** The sampler called `name`; throws `TUNE_BAD_SAMPLER` for other names. */
export function makeSampler(name: string, options: SamplerOptions = {}): Sampler {
  switch (name) {
    case 'random':
      return new RandomSampler();
    case 'grid':
      return new GridSampler(options);
    case 'tpe':
      return new TpeSampler(options);
    default:
      throw new FrontierError('TUNE_BAD_SAMPLER', `unknown sampler ${JSON.stringify(name)}`, {
        where: '--sampler',
        hint: `use one of ${SAMPLERS.join(', ')}`,
      });
  }
}
