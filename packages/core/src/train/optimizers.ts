import * as tf from '@tensorflow/tfjs';
import type { NamedArray } from './callback.ts';
import { FrontierError } from '../util/errors.ts';
import { AdamW } from './adamw.ts';

/**
 * An optimizer as a config file states it. Defaults: Adam, learningRate 1e-3.
 *
 * - `sgd`: plain SGD; with `momentum` > 0 heavy-ball momentum, with `nesterov` Nesterov
 *   momentum (v ← m·v + g; w ← w − lr·(g + m·v), as PyTorch).
 * - `momentum`: SGD with `momentum` (default 0.9), optionally `nesterov`.
 * - `adam` / `adamw`: `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7; `adamw` adds
 *   decoupled `weightDecay` (default 0.01) skipping variables whose names contain
 *   one of `weightDecayExclude`.
 * - `rmsprop`: `rho` (decay of the squared-gradient average) 0.9, `momentum` 0, `centered` false.
 * - `adagrad`: `initialAccumulatorValue` 0.1.
 */
export interface OptimizerConfig {
  name: OptimizerName;
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
  weightDecayExclude?: string[];
  rho?: number;
  centered?: boolean;
  initialAccumulatorValue?: number;
}

/** The optimizer names makeOptimizer accepts. */
export const OPTIMIZER_NAMES = ['adam', 'adamw', 'sgd', 'momentum', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** An optimizer config with every default filled in and every field validated. */
export interface ResolvedOptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  beta1: number;
  beta2: number;
  /** Absent: the backend's epsilon (1e-7 on cpu and onednn). */
  epsilon?: number;
  weightDecay: number;
  weightDecayExclude: string[];
  rho: number;
  centered: boolean;
  initialAccumulatorValue: number;
}

/**
 * A backend's own optimizers (for example onednn's fused updates, one native call per
 * variable): returns one for `config`, or undefined to fall back to the tfjs optimizer.
 * Whatever it returns must keep tfjs's state layout, so checkpoints stay portable.
 */
export type OptimizerProvider = (config: ResolvedOptimizerConfig) => tf.Optimizer | undefined;

const providers = new Map<string, OptimizerProvider>();

/** Makes makeOptimizer consult `provider` whenever `backend` is the active tfjs backend. */
export function registerOptimizerProvider(backend: string, provider: OptimizerProvider): void {
  providers.set(backend, provider);
}

/**
 * Creates the optimizer for `config`: the active backend's own when it registered one
 * for this config (registerOptimizerProvider), else tfjs's. Throws a FrontierError
 * naming the bad field.
 */
export function makeOptimizer(config: OptimizerConfig = { name: 'adam' }): tf.Optimizer {
  const c = resolveOptimizerConfig(config);
  return providers.get(tf.getBackend())?.(c) ?? tfjsOptimizer(c);
}

function tfjsOptimizer(c: ResolvedOptimizerConfig): tf.Optimizer {
  const lr = c.learningRate;
  switch (c.name) {
    case 'adam':
      return tf.train.adam(lr, c.beta1, c.beta2, c.epsilon);
    case 'adamw':
      return new AdamW(lr, { ...c, exclude: c.weightDecayExclude });
    case 'sgd':
      return c.momentum > 0 || c.nesterov ? tf.train.momentum(lr, c.momentum, c.nesterov) : tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, c.momentum, c.nesterov);
    case 'rmsprop':
      return tf.train.rmsprop(lr, c.rho, c.momentum, c.epsilon, c.centered);
    case 'adagrad':
      return tf.train.adagrad(lr, c.initialAccumulatorValue);
  }
}

/** Fills in defaults and validates; throws a FrontierError naming the bad field. */
export function resolveOptimizerConfig(config: OptimizerConfig): ResolvedOptimizerConfig {
  if (!OPTIMIZER_NAMES.includes(config.name)) {
    throw new FrontierError('UNKNOWN_OPTIMIZER', `unknown optimizer ${JSON.stringify(config.name)}`, {
      where: 'train.optimizer.name',
      hint: `use one of: ${OPTIMIZER_NAMES.join(', ')}`,
    });
  }
  const lr = config.learningRate ?? 1e-3;
  if (!(lr > 0)) {
    throw new FrontierError('BAD_LEARNING_RATE', `learningRate must be > 0, got ${lr}`, {
      where: 'train.optimizer.learningRate',
      hint: 'e.g. 0.001',
    });
  }
  const unit = (key: 'momentum' | 'beta1' | 'beta2' | 'rho', dflt: number): number => {
    const v = config[key] ?? dflt;
    if (!(v >= 0 && v < 1)) {
      throw new FrontierError('OPTIMIZER_CONFIG', `${key} must be in [0, 1), got ${JSON.stringify(v)}`, {
        where: `train.optimizer.${key}`,
        hint: `e.g. ${dflt || 0.9}`,
      });
    }
    return v;
  };
  const nonNegative = (key: 'weightDecay' | 'initialAccumulatorValue' | 'epsilon', dflt: number): number => {
    const v = config[key] ?? dflt;
    if (!(v >= 0)) {
      throw new FrontierError('OPTIMIZER_CONFIG', `${key} must be >= 0, got ${JSON.stringify(v)}`, {
        where: `train.optimizer.${key}`,
      });
    }
    return v;
  };
  return {
    name: config.name,
    learningRate: lr,
    momentum: unit('momentum', config.name === 'momentum' ? 0.9 : 0),
    nesterov: config.nesterov ?? false,
    beta1: unit('beta1', 0.9),
    beta2: unit('beta2', 0.999),
    epsilon: config.epsilon === undefined ? undefined : nonNegative('epsilon', 0),
    weightDecay: nonNegative('weightDecay', 0.01),
    weightDecayExclude: config.weightDecayExclude ?? [],
    rho: unit('rho', 0.9),
    centered: config.centered ?? false,
    initialAccumulatorValue: nonNegative('initialAccumulatorValue', 0.1),
  };
}

// tfjs optimizers read `learningRate` on every step; SGD-family ones cache it in a
// scalar that setLearningRate refreshes. The field is public in JS but not in the
// typings, hence the structural cast.
type WithLearningRate = { learningRate: number; setLearningRate?: (lr: number) => void };

/** The optimizer's current learning rate. */
export function getLearningRate(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as WithLearningRate).learningRate;
}

/** Changes the optimizer's learning rate for the following steps. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as WithLearningRate;
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

// Adam keeps β₁ᵗ and β₂ᵗ in private variables it updates by repeated multiplication;
// its setWeights recomputes them with pow(), which differs in the last float bit.
// Saving and restoring them exactly is what makes a resumed run bit-identical.
const EXTRA_STATE = ['accBeta1', 'accBeta2'] as const;
type WithExtra = Partial<Record<(typeof EXTRA_STATE)[number], tf.Variable>>;

/** The optimizer's full state (iterations, slots, bias-correction powers) as arrays. */
export async function getOptimizerState(optimizer: tf.Optimizer): Promise<NamedArray[]> {
  const weights = await optimizer.getWeights();
  const out = weights.map(({ name, tensor }) => ({
    name,
    shape: tensor.shape,
    data: Float32Array.from(tensor.dataSync()),
  }));
  // getWeights hands out the live slot variables plus a fresh iterations scalar.
  tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  const extra = optimizer as unknown as WithExtra;
  for (const key of EXTRA_STATE) {
    const v = extra[key];
    if (v) out.push({ name: `__${key}`, shape: [], data: Float32Array.from(v.dataSync()) });
  }
  return out;
}

/** Restores state from getOptimizerState into a freshly created optimizer of the same kind. */
export async function setOptimizerState(optimizer: tf.Optimizer, state: NamedArray[]): Promise<void> {
  const slots = state.filter((s) => !s.name.startsWith('__'));
  if (slots.length === 0) return;
  const tensors = slots.map((s) => ({ name: s.name, tensor: tf.tensor(s.data, s.shape) }));
  await optimizer.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
  const extra = optimizer as unknown as WithExtra;
  for (const key of EXTRA_STATE) {
    const saved = state.find((s) => s.name === `__${key}`);
    const v = extra[key];
    if (saved && v) tf.tidy(() => v.assign(tf.scalar(saved.data[0])));
  }
}
