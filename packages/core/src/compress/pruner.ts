import * as tf from '@tensorflow/tfjs';
import { Callback } from '../train/callback.ts';
import type { GradientTransform, Gradients, StepContext } from '../train/transforms.ts';
import { FrontierError } from '../util/errors.ts';
import { patternMasks, type SparsityPattern } from './masks.ts';
import { constantSparsity, type SparsitySchedule } from './schedule.ts';

/**
 * Options of {@link MagnitudePruner}. Defaults: scope 'layer', pattern unstructured,
 * and the prunable weights are the kernels (rank ≥ 2, name ending in `kernel`) of
 * Dense and Conv layers, as in TF-MOT; biases are never pruned. `scope` applies to the
 * unstructured pattern; block and N:M masks are always computed per tensor.
 */
export interface PruneOptions {
  schedule: SparsitySchedule;
  scope?: 'layer' | 'global';
  pattern?: SparsityPattern;
  /** Which weights to prune, by weight name (e.g. `dense_1/kernel`) and shape. */
  include?: (name: string, shape: number[]) => boolean;
}

/** The default prunable weights: kernels of rank ≥ 2. */
export function isPrunableKernel(name: string, shape: number[]): boolean {
  return shape.length >= 2 && /kernel$/.test(name);
}

interface Target {
  name: string;
  variable: tf.Variable;
  shape: number[];
  mask: tf.Tensor;
}

/**
 * Gradual magnitude pruning (Zhu & Gupta 2017) that plugs into the Trainer twice: as a
 * GradientTransform (pass it in `transforms`) it zeroes the gradients of pruned weights,
 * and as a Callback (pass the same object in `callbacks`) it recomputes the masks when
 * the schedule says so and re-applies them after every optimizer step, so pruned weights
 * stay exactly zero whatever the optimizer's momentum does. Masks start as the model's
 * non-zero pattern, so a pruned model (even one saved and loaded) stays pruned through
 * further training. Call {@link strip} at the end to release the masks.
 */
export class MagnitudePruner extends Callback implements GradientTransform {
  readonly name: string;
  private readonly targets: Target[];
  private readonly schedule: SparsitySchedule;
  private readonly scope: 'layer' | 'global';
  private readonly pattern: SparsityPattern;
  private lastUpdate = -1;
  private current = 0;

  constructor(
    readonly model: tf.LayersModel,
    opts: PruneOptions,
  ) {
    super();
    this.schedule = opts.schedule;
    this.scope = opts.scope ?? 'layer';
    this.pattern = opts.pattern ?? { kind: 'unstructured' };
    const include = opts.include ?? isPrunableKernel;
    this.targets = model.weights
      .filter((w) => w.trainable && include(w.originalName, w.shape as number[]))
      .map((w) => {
        const variable = w.read() as tf.Variable;
        return {
          name: w.originalName,
          variable,
          shape: w.shape as number[],
          mask: tf.tidy(() => tf.cast(tf.notEqual(variable, 0), 'float32')),
        };
      });
    if (this.targets.length === 0) {
      throw new FrontierError('PRUNE_NOTHING', `model ${model.name} has no weights to prune`, {
        where: 'PruneOptions.include',
        hint: 'prunable weights are Dense/Conv kernels by default; pass include to choose others',
      });
    }
    this.name = `magnitudePruner(${this.schedule.name}, ${this.scope}, ${this.pattern.kind})`;
  }

  /** GradientTransform: multiplies each pruned weight's gradient by its mask. */
  apply(grads: Gradients, _ctx: StepContext): Gradients {
    const out: Gradients = { ...grads };
    for (const t of this.targets) {
      const g = grads[t.variable.name];
      if (g) out[t.variable.name] = tf.mul(g, t.mask);
    }
    return out;
  }

  /** Prunes at the current step (0 at first; where the last fit ended on a later fit). */
  override onTrainBegin(): void {
    this.step(this.current);
  }

  override onBatchEnd(step: number): void {
    this.step(step);
  }

  /**
   * Advances to global step `step`: recomputes the masks if the schedule prunes at
   * this step, then zeroes the masked weights. Called by the callback hooks; call it
   * directly to prune without the Trainer (e.g. one shot: `constantSparsity(s)`, step 0).
   */
  step(step: number): void {
    this.current = step;
    if (this.schedule.shouldPrune(step) && step !== this.lastUpdate) {
      this.updateMasks(this.schedule.sparsity(step));
      this.lastUpdate = step;
    }
    this.applyMasks();
  }

  /** Recomputes the masks for `sparsity` from the current weight magnitudes. */
  updateMasks(sparsity: number): void {
    const values = this.targets.map((t) => ({
      values: t.variable.dataSync() as Float32Array,
      shape: t.shape,
    }));
    const masks = patternMasks(values, sparsity, this.pattern, this.scope);
    this.targets.forEach((t, i) => {
      t.mask.dispose();
      t.mask = tf.tensor(Float32Array.from(masks[i]), t.shape);
    });
  }

  /** Zeroes the masked weights in place. */
  applyMasks(): void {
    for (const t of this.targets) tf.tidy(() => t.variable.assign(tf.mul(t.variable, t.mask)));
  }

  /** Fraction of zeros in each pruned weight's mask. */
  maskSparsity(): Record<string, number> {
    return Object.fromEntries(
      this.targets.map((t) => {
        const m = t.mask.dataSync() as Float32Array;
        return [t.name, m.reduce((n, v) => n + (v === 0 ? 1 : 0), 0) / m.length];
      }),
    );
  }

  /**
   * Ends pruning: applies the masks a last time, frees them and returns the model's
   * per-layer sparsity report. The model keeps its zeros and is an ordinary tfjs model
   * (nothing to unwrap), so it saves and loads as any other.
   */
  strip(): SparsityReport {
    this.applyMasks();
    for (const t of this.targets) t.mask.dispose();
    return sparsityReport(this.model);
  }
}

/** One weight tensor's line of a {@link SparsityReport}. */
export interface WeightSparsity {
  layer: string;
  weight: string;
  shape: number[];
  parameters: number;
  zeros: number;
  sparsity: number;
}

/** Per-weight sparsity of a model and the totals over all weights and over kernels. */
export interface SparsityReport {
  weights: WeightSparsity[];
  parameters: number;
  zeros: number;
  sparsity: number;
  kernelSparsity: number;
}

/** Counts exact zeros in every weight of `model` (the report after stripping). */
export function sparsityReport(model: tf.LayersModel): SparsityReport {
  const values = model.getWeights();
  const weights = model.weights.map((w, i) => {
    const data = values[i].dataSync() as Float32Array;
    const zeros = data.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
    const name = w.originalName;
    return {
      layer: name.split('/')[0],
      weight: name,
      shape: w.shape as number[],
      parameters: data.length,
      zeros,
      sparsity: data.length ? zeros / data.length : 0,
    };
  });
  const parameters = weights.reduce((n, w) => n + w.parameters, 0);
  const zeros = weights.reduce((n, w) => n + w.zeros, 0);
  const kernels = weights.filter((w) => isPrunableKernel(w.weight, w.shape));
  const kp = kernels.reduce((n, w) => n + w.parameters, 0);
  const kz = kernels.reduce((n, w) => n + w.zeros, 0);
  return {
    weights,
    parameters,
    zeros,
    sparsity: parameters ? zeros / parameters : 0,
    kernelSparsity: kp ? kz / kp : 0,
  };
}

/** The report as an aligned text table (one line per weight, then the total). */
export function formatSparsityReport(r: SparsityReport): string {
  const lines = r.weights.map(
    (w) =>
      `${w.weight.padEnd(24)} ${`[${w.shape.join(', ')}]`.padEnd(18)} ${String(w.parameters).padStart(9)} ${(w.sparsity * 100).toFixed(2).padStart(7)}%`,
  );
  return [
    `${'weight'.padEnd(24)} ${'shape'.padEnd(18)} ${'params'.padStart(9)} ${'sparsity'.padStart(8)}`,
    ...lines,
    `${'total'.padEnd(24)} ${''.padEnd(18)} ${String(r.parameters).padStart(9)} ${(r.sparsity * 100).toFixed(2).padStart(7)}%`,
  ].join('\n');
}

/**
 * One-shot magnitude pruning of `model` in place to `sparsity` (no training): the
 * same masks as the gradual pruner's final step. Returns the sparsity report.
 */
export function pruneOneShot(
  model: tf.LayersModel,
  sparsity: number,
  opts: Omit<PruneOptions, 'schedule'> = {},
): SparsityReport {
  const pruner = new MagnitudePruner(model, { ...opts, schedule: constantSparsity(sparsity) });
  pruner.step(0);
  return pruner.strip();
}
