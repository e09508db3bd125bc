/**
 * Adam with one native call per variable (param, m and v updated together)
 * when the active backend is onednn; plain tf.train.adam otherwise.
 */
import { AdamOptimizer, backend as activeBackend, engine, mul, tidy, zerosLike } from '@tensorflow/tfjs-core';
import type { Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';

import { OnednnBackend } from '../backend.ts';
import { updateTarget } from './fused-update.ts';

/** What tfjs optimizers' applyGradients takes: a name→gradient map or a list of {name, tensor}. */
export type GradientList = Parameters<Optimizer['applyGradients']>[0];

export interface FusedOptimizerOptions {
  /** Update variable buffers in place when safe (see fused-update.ts). Default true. */
  inPlace?: boolean;
}

interface SlotVariable {
  originalName: string;
  variable: Variable;
}

// AdamOptimizer keeps its state in TypeScript-private fields; this view reads
// the same fields so getWeights/setWeights/serialization keep working unchanged.
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: SlotVariable[];
  accumulatedSecondMoment: SlotVariable[];
}

export class OnednnAdamOptimizer extends AdamOptimizer {
  readonly inPlace: boolean;
  /** Variables updated by the native fused kernel so far (diagnostics, tests). */
  fusedUpdates = 0;

  constructor(
    learningRate: number,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon: number | null = null,
    options: FusedOptimizerOptions = {},
  ) {
    super(learningRate, beta1, beta2, epsilon as number);
    this.inPlace = options.inPlace ?? true;
  }

  override applyGradients(variableGradients: GradientList): void {
    const backend = activeBackend();
    if (!(backend instanceof OnednnBackend) || !allFloat32(variableGradients, backend)) {
      // tfjs declares NamedVariableMap here but only reads the tensors, as for NamedTensorMap.
      super.applyGradients(variableGradients as Parameters<AdamOptimizer['applyGradients']>[0]);
      return;
    }
    const s = this as unknown as AdamState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const accBeta1 = backend.readSync(s.accBeta1.dataId)[0] as number;
    const accBeta2 = backend.readSync(s.accBeta2.dataId)[0] as number;
    const f = Math.fround;
    const params = [
      s.learningRate,
      s.beta1,
      s.beta2,
      s.epsilon,
      f(1 - s.beta1),
      f(1 - s.beta2),
      f(1 - accBeta1),
      f(1 - accBeta2),
    ];
    names.forEach((name, i) => {
      const value = engine().registeredVariables[name];
      s.accumulatedFirstMoment[i] ??= {
        originalName: `${name}/m`,
        variable: tidy(() => zerosLike(value).variable(false)),
      };
      s.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tidy(() => zerosLike(value).variable(false)),
      };
      const gradient = gradientOf(variableGradients, name, i);
      if (gradient == null) return;
      const grad = backend.floatValues(gradient);
      const p = updateTarget(backend, value, this.inPlace);
      const m = updateTarget(backend, s.accumulatedFirstMoment[i].variable, this.inPlace);
      const v = updateTarget(backend, s.accumulatedSecondMoment[i].variable, this.inPlace);
      if (!grad || !p || !m || !v)
        throw new Error(`OnednnAdamOptimizer: variable '${name}' or its gradient is not float32 data`);
      this.fusedUpdates++;
      this.fusedUpdate(backend, p.values, m.values, v.values, grad, params);
      m.commit();
      v.commit();
      p.commit();
    });
    tidy(() => {
      s.accBeta1.assign(mul(s.accBeta1, s.beta1) as Scalar);
      s.accBeta2.assign(mul(s.accBeta2, s.beta2) as Scalar);
    });
    this.incrementIterations();
  }

  /**
   * The native update of one variable, in place on param, m and v. `params` is
   * adamUpdate's list (native-binding.ts); subclasses (AdamW) change the rule.
   */
  protected fusedUpdate(
    backend: OnednnBackend,
    param: Float32Array,
    m: Float32Array,
    v: Float32Array,
    grad: Float32Array,
    params: number[],
  ): void {
    backend.native.adamUpdate(param, m, v, grad, params);
  }
}

export function gradientOf(grads: GradientList, name: string, i: number): Tensor | undefined {
  return Array.isArray(grads) ? grads[i]?.tensor : grads[name];
}

export function allFloat32(grads: GradientList, backend: OnednnBackend): boolean {
  const tensors = Array.isArray(grads) ? grads.map((g) => g.tensor) : Object.values(grads);
  return tensors.every((t) => t == null || backend.floatValues(t) !== null);
}
