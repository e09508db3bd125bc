import * as tf from '@tensorflow/tfjs';

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter, "Decoupled Weight Decay
 * Regularization"; PyTorch `AdamW`, Keras `AdamW`). Each step first shrinks every
 * variable that has a gradient, w ← w − lr·weightDecay·w, then applies the plain
 * Adam update, so the decay is not rescaled by Adam's second-moment estimate the way
 * an L2 penalty in the loss would be. Variables whose name contains one of
 * `exclude` (e.g. 'bias', 'gamma', 'beta') are not decayed.
 *
 * Registered with tf.serialization as 'AdamW'; state (moments, iterations, β powers)
 * is inherited from tfjs's AdamOptimizer, so checkpoints and resume work unchanged.
 */
export class AdamW extends tf.AdamOptimizer {
  static override get className(): string {
    return 'AdamW';
  }
  readonly weightDecay: number;
  readonly exclude: readonly string[];

  constructor(
    learningRate: number,
    opts: { beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number; exclude?: string[] } = {},
  ) {
    super(learningRate, opts.beta1 ?? 0.9, opts.beta2 ?? 0.999, opts.epsilon);
    this.weightDecay = opts.weightDecay ?? 0.01;
    this.exclude = opts.exclude ?? [];
  }

  // tfjs's Adam typings narrow the base class's NamedTensorMap to NamedVariableMap; the
  // code accepts any tensors, so the wider base signature is restored here.
  override applyGradients(
    variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>,
  ): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.filter((g) => g.tensor != null).map((g) => g.name)
      : Object.keys(variableGradients).filter((k) => variableGradients[k] != null);
    const factor = 1 - this.learningRate * this.weightDecay;
    if (this.weightDecay > 0) {
      tf.tidy(() => {
        for (const name of names) {
          if (this.exclude.some((part) => name.includes(part))) continue;
          const v = tf.engine().registeredVariables[name];
          v.assign(tf.mul(v, factor));
        }
      });
    }
    super.applyGradients(variableGradients as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay, exclude: [...this.exclude] };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new (cls as unknown as typeof AdamW)(config.learningRate as number, {
      beta1: config.beta1 as number,
      beta2: config.beta2 as number,
      epsilon: config.epsilon as number,
      weightDecay: config.weightDecay as number,
      exclude: config.exclude as string[],
    }) as unknown as T;
  }
}

tf.serialization.registerClass(AdamW);
