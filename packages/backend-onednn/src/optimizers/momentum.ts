/**
 * SGD with (optionally Nesterov) momentum, one native call per variable when
 * the active backend is onednn; plain tf.train.momentum otherwise.
 */
import { MomentumOptimizer, backend as activeBackend, engine, tidy, zerosLike } from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';

import { OnednnBackend } from '../backend.ts';
import { allFloat32, gradientOf } from './adam.ts';
import type { FusedOptimizerOptions, GradientList } from './adam.ts';
import { updateTarget } from './fused-update.ts';

// MomentumOptimizer's TypeScript-private state, read through this view so
// getWeights/setWeights keep working unchanged.
interface MomentumState {
  learningRate: number;
  momentum: number;
  useNesterov: boolean;
  accumulations: { originalName: string; variable: Variable }[];
}

export class OnednnMomentumOptimizer extends MomentumOptimizer {
  readonly inPlace: boolean;
  /** Variables updated by the native fused kernel so far (diagnostics, tests). */
  fusedUpdates = 0;

  constructor(
    learningRate: number,
    momentum: number,
    useNesterov = false,
    options: FusedOptimizerOptions = {},
  ) {
    super(learningRate, momentum, useNesterov);
    this.inPlace = options.inPlace ?? true;
  }

  override applyGradients(variableGradients: GradientList): void {
    const backend = activeBackend();
    if (!(backend instanceof OnednnBackend) || !allFloat32(variableGradients, backend)) {
      super.applyGradients(variableGradients as Parameters<MomentumOptimizer['applyGradients']>[0]);
      return;
    }
    const s = this as unknown as MomentumState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const params = [s.learningRate, s.momentum, s.useNesterov ? 1 : 0];
    names.forEach((name, i) => {
      const value = engine().registeredVariables[name];
      s.accumulations[i] ??= {
        originalName: `${name}/momentum`,
        variable: tidy(() => zerosLike(value).variable(false)),
      };
      const gradient = gradientOf(variableGradients, name, i);
      if (gradient == null) return;
      const grad = backend.floatValues(gradient);
      const p = updateTarget(backend, value, this.inPlace);
      const acc = updateTarget(backend, s.accumulations[i].variable, this.inPlace);
      if (!grad || !p || !acc)
        throw new Error(`OnednnMomentumOptimizer: variable '${name}' or its gradient is not float32 data`);
      this.fusedUpdates++;
      backend.native.momentumUpdate(p.values, acc.values, grad, params);
      acc.commit();
      p.commit();
    });
    this.incrementIterations();
  }
}
