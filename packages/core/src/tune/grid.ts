/**
 * Grid search: the Cartesian product of every parameter's grid values, with
 * conditional parameters expanded only under the parent values that activate them.
 */
import { FrontierError } from '../util/errors.ts';
import {
  isActive,
  snap,
  validateSpace,
  type ParamSpec,
  type ParamValue,
  type Params,
  type SearchSpace,
} from './space.ts';

/** Options of {@link gridPoints}. Defaults: 5 points per float without a step, at most 100,000 points. */
export interface GridOptions {
  /** Points for a float (or log int) with no step: evenly spaced (log-spaced when log) from low to high. */
  floatPoints?: number;
  maxPoints?: number;
}

/** The grid values of one parameter, ascending (choices in declared order, duplicates removed). */
export function paramGrid(p: ParamSpec, floatPoints = 5): ParamValue[] {
  if (p.type === 'choice') return p.values;
  const values: number[] = [];
  if (p.step !== undefined || (p.type === 'int' && !p.log)) {
    const step = p.step ?? 1;
    const n = Math.floor((p.high - p.low) / step + 1e-9);
    for (let k = 0; k <= n; k++) values.push(snap(p, p.low + k * step));
  } else {
    const [a, b] = p.log ? [Math.log(p.low), Math.log(p.high)] : [p.low, p.high];
    for (let k = 0; k < floatPoints; k++) {
      const x = floatPoints === 1 ? a : a + ((b - a) * k) / (floatPoints - 1);
      // 12 significant digits: exp(log(x)) and a + k·h land a few ulps off round numbers
      values.push(snap(p, Number((p.log ? Math.exp(x) : x).toPrecision(12))));
    }
  }
  return [...new Set(values)];
}

/**
 * Every point of the grid, in lexicographic order of the parameters' dependency
 * order (the last parameter varies fastest). Each point holds exactly its active
 * parameters. Throws `TUNE_GRID_TOO_LARGE` past `maxPoints`.
 */
export function gridPoints(space: SearchSpace, options: GridOptions = {}): Params[] {
  const order = validateSpace(space);
  const floatPoints = options.floatPoints ?? 5;
  const maxPoints = options.maxPoints ?? 100_000;
  const grids = new Map(order.map((name) => [name, paramGrid(space[name], floatPoints)]));
  let points: Params[] = [{}];
  for (const name of order) {
    const next: Params[] = [];
    for (const pt of points) {
      if (!isActive(space, name, pt)) {
        next.push(pt);
        continue;
      }
      for (const v of grids.get(name)!) next.push({ ...pt, [name]: v });
    }
    if (next.length > maxPoints) {
      throw new FrontierError('TUNE_GRID_TOO_LARGE', `the grid has more than ${maxPoints} points`, {
        where: `search.${name}`,
        hint: 'give floats a coarser step, fewer choices, or use the random or tpe sampler',
      });
    }
    points = next;
  }
  return points;
}

/** A stable key of a point, for "has this grid point been tried?". */
export function pointKey(params: Params): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
}
