/**
 * AdamW (Loshchilov & Hutter's decoupled weight decay) with the update rule of
 * torch.optim.AdamW: each step first shrinks every weight that has a gradient,
 *   w ← w − lr·wd·w   (computed as w · (1 − lr·wd), the factor rounded to float32),
 * then takes the ordinary Adam step with bias correction on the shrunk weight:
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
 *   w ← w − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε).
 * The decay never enters m or v (unlike L2 regularisation added to the loss).
 *
 * On onednn, decay and Adam step are one native call per variable
 * (adamwUpdate); on any other backend the decay is a tfjs multiply followed by
 * tf.train.adam's own update. State, getWeights/setWeights and the weight
 * layout ([iterations, m…, v…]) are AdamOptimizer's, as for OnednnAdamOptimizer.
 * Serialized under the class name 'AdamW' (getConfig adds `weightDecay`).
 */
import { backend as activeBackend, engine, mul, scalar, serialization, tidy } from '@tensorflow/tfjs-core';

import { OnednnBackend } from '../backend.ts';
import { allFloat32, gradientOf, OnednnAdamOptimizer } from './adam.ts';
import type { FusedOptimizerOptions, GradientList } from './adam.ts';

export class OnednnAdamWOptimizer extends OnednnAdamOptimizer {
  /** Name under which tf.serialization knows this optimizer. */
  static override get className(): string {
    return 'AdamW';
  }

  readonly weightDecay: number;

  /**
   * @param learningRate lr (also scales the decay, as in PyTorch)
   * @param weightDecay wd ≥ 0; 0 gives exactly Adam
   * @param options.inPlace update variable buffers in place when safe (default true; see fused-update.ts)
   */
  constructor(
    learningRate: number,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = 1e-7,
    weightDecay = 0.01,
    options: FusedOptimizerOptions = {},
  ) {
    super(learningRate, beta1, beta2, epsilon, options);
    if (!Number.isFinite(weightDecay) || weightDecay < 0)
      throw new RangeError(
        `OnednnAdamWOptimizer: weightDecay must be a finite number >= 0, got ${weightDecay}; pass e.g. 0.01`,
      );
    this.weightDecay = weightDecay;
  }

  /** The factor each decayed weight is multiplied by: float32(1 − lr·wd). */
  decayFactor(): number {
    const lr = (this as unknown as { learningRate: number }).learningRate;
    return Math.fround(1 - lr * this.weightDecay);
  }

  override applyGradients(variableGradients: GradientList): void {
    const backend = activeBackend();
    if (!(backend instanceof OnednnBackend) || !allFloat32(variableGradients, backend)) {
      // Reference path: decay with tfjs ops, then tfjs' Adam (the parent takes the same branch).
      const keep = this.decayFactor();
      const names = Array.isArray(variableGradients)
        ? variableGradients.map((v) => v.name)
        : Object.keys(variableGradients);
      tidy(() => {
        const factor = scalar(keep);
        names.forEach((name, i) => {
          if (gradientOf(variableGradients, name, i) == null) return;
          const variable = engine().registeredVariables[name];
          variable.assign(mul(variable, factor));
        });
      });
    }
    super.applyGradients(variableGradients);
  }

  protected override fusedUpdate(
    backend: OnednnBackend,
    param: Float32Array,
    m: Float32Array,
    v: Float32Array,
    grad: Float32Array,
    params: number[],
  ): void {
    backend.native.adamwUpdate(param, m, v, grad, [...params, this.decayFactor()]);
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }

  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    const Ctor = cls as unknown as new (...args: unknown[]) => T;
    return new Ctor(
      config.learningRate,
      config.beta1,
      config.beta2,
      config.epsilon,
      config.weightDecay ?? 0.01,
    );
  }
}

serialization.registerClass(OnednnAdamWOptimizer);
