/**
 * Search spaces: named parameters (int, float, choice), optionally conditional on a
 * parent choice. Parameter names are dot paths into the study config
 * (`train.optimizer.learningRate`, `model.layers.0.units`), so a sampled point is
 * applied to the config by {@link applyParams}. Everything here is pure.
 */
import { FrontierError } from '../util/errors.ts';

/** A JSON value a choice may take. */
export type ParamValue = string | number | boolean | null | ParamValue[] | { [k: string]: ParamValue };

/** Active only when the parent choice `param` currently has one of `in`. */
export interface Condition {
  param: string;
  in: ParamValue[];
}

/** Integer in [low, high] (both inclusive). `step` (default 1) and `log` are exclusive of each other. */
export interface IntParam {
  type: 'int';
  low: number;
  high: number;
  step?: number;
  log?: boolean;
  when?: Condition;
}

/** Float in [low, high]; `log` samples log-uniformly (low > 0); `step` quantizes to low + k·step. */
export interface FloatParam {
  type: 'float';
  low: number;
  high: number;
  step?: number;
  log?: boolean;
  when?: Condition;
}

/** One of `values` (categorical; any JSON values). */
export interface ChoiceParam {
  type: 'choice';
  values: ParamValue[];
  when?: Condition;
}

/** One parameter's distribution. */
export type ParamSpec = IntParam | FloatParam | ChoiceParam;

/** Parameter name (config dot path) → distribution. */
export type SearchSpace = Record<string, ParamSpec>;

/** A point of the space: values of the active parameters only. */
export type Params = Record<string, ParamValue>;

function bad(message: string, where: string, hint: string): FrontierError {
  return new FrontierError('TUNE_BAD_SPACE', message, { where, hint });
}

/** Deep equality of JSON values (for choices and conditions). */
export function sameValue(a: ParamValue, b: ParamValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Checks every parameter and returns the names in dependency order (parents before
 * children, otherwise in declaration order). Throws `TUNE_BAD_SPACE` naming the
 * parameter (`search.<name>`) for bad bounds, steps, empty choices, a condition on
 * a missing or non-choice parent, a condition value the parent cannot take, or a cycle.
 */
export function validateSpace(space: SearchSpace, where = 'search'): string[] {
  if (
    typeof space !== 'object' ||
    space === null ||
    Array.isArray(space) ||
    Object.keys(space).length === 0
  ) {
    throw bad(
      'the search space must be a non-empty object',
      where,
      'e.g. { "train.batchSize": { "type": "choice", "values": [16, 32] } }',
    );
  }
  for (const [name, p] of Object.entries(space)) {
    const at = `${where}.${name}`;
    if (p.type === 'choice') {
      if (!Array.isArray(p.values) || p.values.length === 0)
        throw bad(`choice ${name} needs a non-empty values array`, at, 'e.g. "values": ["adam", "sgd"]');
    } else if (p.type === 'int' || p.type === 'float') {
      if (!Number.isFinite(p.low) || !Number.isFinite(p.high) || !(p.low <= p.high))
        throw bad(
          `${name} needs finite low <= high, got low ${p.low}, high ${p.high}`,
          at,
          'swap or fix the bounds',
        );
      if (p.type === 'int' && (!Number.isInteger(p.low) || !Number.isInteger(p.high)))
        throw bad(
          `int ${name} needs integer bounds, got ${p.low}..${p.high}`,
          at,
          'use whole numbers or type "float"',
        );
      if (p.log && !(p.low > 0))
        throw bad(`log-scaled ${name} needs low > 0, got ${p.low}`, at, 'use a positive lower bound');
      if (p.step !== undefined) {
        if (!(p.step > 0)) throw bad(`${name} step must be > 0, got ${p.step}`, at, 'use a positive step');
        if (p.log) throw bad(`${name} cannot have both log and step`, at, 'drop one of them');
        if (p.type === 'int' && !Number.isInteger(p.step))
          throw bad(`int ${name} step must be an integer`, at, 'use a whole step');
      }
    } else {
      throw bad(
        `parameter ${name} has unknown type ${JSON.stringify((p as { type: unknown }).type)}`,
        at,
        'use int, float or choice',
      );
    }
    if (p.when !== undefined) {
      const parent = space[p.when.param];
      if (!parent || parent.type !== 'choice')
        throw bad(
          `${name} is conditional on ${JSON.stringify(p.when.param)}, which is not a choice parameter of the space`,
          `${at}.when`,
          'condition on a choice parameter declared in the same search block',
        );
      if (
        !Array.isArray(p.when.in) ||
        p.when.in.length === 0 ||
        p.when.in.some((v) => !parent.values.some((u) => sameValue(u, v)))
      )
        throw bad(
          `${name}.when.in must list values of ${p.when.param}`,
          `${at}.when.in`,
          `pick from ${JSON.stringify(parent.values)}`,
        );
    }
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw bad(
        `conditions form a cycle: ${[...chain, name].join(' → ')}`,
        `${where}.${name}.when`,
        'make the conditions a tree',
      );
    state.set(name, 'visiting');
    const parent = space[name].when?.param;
    if (parent !== undefined) visit(parent, [...chain, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(space)) visit(name, []);
  return order;
}

/** Whether `name` is active given the values chosen so far (its parent chain must be active too). */
export function isActive(space: SearchSpace, name: string, params: Params): boolean {
  const when = space[name].when;
  if (when === undefined) return true;
  if (!(when.param in params)) return false;
  const v = params[when.param];
  return when.in.some((u) => sameValue(u, v)) && isActive(space, when.param, params);
}

/** Rounds a numeric value onto the parameter's grid (int, step) and clamps it into [low, high]. */
export function snap(p: IntParam | FloatParam, v: number): number {
  let x = Math.min(p.high, Math.max(p.low, v));
  if (p.step !== undefined) {
    const k = Math.round((x - p.low) / p.step);
    const kMax = Math.floor((p.high - p.low) / p.step + 1e-9);
    x = p.low + Math.min(kMax, Math.max(0, k)) * p.step;
    if (p.type === 'float') x = Number(x.toPrecision(12)); // 0.1 + 2·0.1 prints as 0.3
  }
  return p.type === 'int' ? Math.round(x) : x;
}

/** Internal coordinate of a numeric parameter: log(v) when log-scaled, else v. */
export function toInternal(p: IntParam | FloatParam, v: number): number {
  return p.log ? Math.log(v) : v;
}

/** Inverse of {@link toInternal}, snapped onto the parameter's grid. */
export function fromInternal(p: IntParam | FloatParam, x: number): number {
  return snap(p, p.log ? Math.exp(x) : x);
}

/** Bounds of a numeric parameter in internal coordinates (ints widened by ±0.5 so edge values keep their share). */
export function internalBounds(p: IntParam | FloatParam): [number, number] {
  if (p.type === 'int' && !p.log) return [p.low - 0.5, p.high + 0.5];
  if (p.type === 'int') return [Math.log(Math.max(p.low - 0.5, 1e-12)), Math.log(p.high + 0.5)];
  return [toInternal(p, p.low), toInternal(p, p.high)];
}

/** One value of one parameter, uniformly in its internal coordinate. `rand` returns [0, 1). */
export function sampleParam(p: ParamSpec, rand: () => number): ParamValue {
  if (p.type === 'choice')
    return p.values[Math.min(p.values.length - 1, Math.floor(rand() * p.values.length))];
  const [a, b] = internalBounds(p);
  return fromInternal(p, a + (b - a) * rand());
}

/** A uniformly random point of the space (conditional parameters only where active). */
export function sampleSpace(space: SearchSpace, rand: () => number): Params {
  const out: Params = {};
  for (const name of validateSpace(space))
    if (isActive(space, name, out)) out[name] = sampleParam(space[name], rand);
  return out;
}

/**
 * Sets each `params` entry in a deep copy of `config` at its dot path (numeric
 * segments index arrays; missing objects are created). Throws `TUNE_BAD_PATH` when a
 * path goes through a value that is not an object or array, e.g. `model.layers.0` while
 * `model` is the preset string `"mlp"`.
 */
export function applyParams<T>(config: T, params: Params): T {
  const out = structuredClone(config) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(params)) {
    const keys = path.split('.');
    let node: Record<string, unknown> = out;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = structuredClone(value);
        return;
      }
      if (node[key] === undefined) node[key] = {};
      const next = node[key];
      if (typeof next !== 'object' || next === null) {
        throw new FrontierError(
          'TUNE_BAD_PATH',
          `cannot set ${path}: ${keys.slice(0, i + 1).join('.')} is ${JSON.stringify(next)}, not an object`,
          {
            where: `search.${path}`,
            hint: 'search over fields of objects; to tune layers give "model" as a full config with inputShape and layers',
          },
        );
      }
      node = next as Record<string, unknown>;
    });
  }
  return out as T;
}
