/**
 * RMSprop (plain or centered, with momentum) in one native call per variable
 * when the active backend is onednn; plain tf.train.rmsprop otherwise.
 */
import { RMSPropOptimizer, backend as activeBackend, engine, tidy, zerosLike } from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';

import { OnednnBackend } from '../backend.ts';
import { allFloat32, gradientOf } from './adam.ts';
import type { FusedOptimizerOptions, GradientList } from './adam.ts';
import { updateTarget } from './fused-update.ts';

type Slot = { originalName: string; variable: Variable };

// RMSPropOptimizer's TypeScript-private state, read through this view so
// getWeights/setWeights keep working unchanged.
interface RmspropState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: Slot[];
  accumulatedMoments: Slot[];
  accumulatedMeanGrads: Slot[];
}

export class OnednnRMSPropOptimizer extends RMSPropOptimizer {
  readonly inPlace: boolean;
  /** Variables updated by the native fused kernel so far (diagnostics, tests). */
  fusedUpdates = 0;

  constructor(
    learningRate: number,
    decay = 0.9,
    momentum = 0,
    epsilon: number | null = null,
    centered = false,
    options: FusedOptimizerOptions = {},
  ) {
    super(learningRate, decay, momentum, epsilon as number, centered);
    this.inPlace = options.inPlace ?? true;
  }

  override applyGradients(variableGradients: GradientList): void {
    const backend = activeBackend();
    if (!(backend instanceof OnednnBackend) || !allFloat32(variableGradients, backend)) {
      super.applyGradients(variableGradients as Parameters<RMSPropOptimizer['applyGradients']>[0]);
      return;
    }
    const s = this as unknown as RmspropState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const params = [
      s.learningRate,
      s.decay,
      Math.fround(1 - s.decay),
      s.momentum,
      s.epsilon,
      s.centered ? 1 : 0,
    ];
    const slot = (name: string) => ({
      originalName: name,
      variable: tidy(() => zerosLike(value(name)).variable(false)),
    });
    const value = (name: string) => engine().registeredVariables[name];
    names.forEach((name, i) => {
      s.accumulatedMeanSquares[i] ??= { ...slot(name), originalName: `${name}/rms` };
      s.accumulatedMoments[i] ??= { ...slot(name), originalName: `${name}/momentum` };
      if (s.centered) s.accumulatedMeanGrads[i] ??= { ...slot(name), originalName: `${name}/mg` };
      const gradient = gradientOf(variableGradients, name, i);
      if (gradient == null) return;
      const grad = backend.floatValues(gradient);
      const p = updateTarget(backend, value(name), this.inPlace);
      const ms = updateTarget(backend, s.accumulatedMeanSquares[i].variable, this.inPlace);
      const mom = updateTarget(backend, s.accumulatedMoments[i].variable, this.inPlace);
      const mg = s.centered ? updateTarget(backend, s.accumulatedMeanGrads[i].variable, this.inPlace) : null;
      if (!grad || !p || !ms || !mom || (s.centered && !mg)) {
        throw new Error(`OnednnRMSPropOptimizer: variable '${name}' or its gradient is not float32 data`);
      }
      this.fusedUpdates++;
      backend.native.rmspropUpdate(p.values, ms.values, mom.values, mg?.values ?? null, grad, params);
      ms.commit();
      mom.commit();
      mg?.commit();
      p.commit();
    });
    this.incrementIterations();
  }
}
