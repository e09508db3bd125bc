import * as tf from '@tensorflow/tfjs';

/** Gradients by variable name, as `tf.variableGrads` returns them. */
export type Gradients = Record<string, tf.Tensor>;

/** What a transform may look at besides the gradients. */
export interface StepContext {
  /** Global step, counted from 0 across epochs. */
  step: number;
  epoch: number;
  batchSize: number;
}

/**
 * A gradient transform: gradients in, gradients out, applied between the backward
 * pass and the optimizer. Clipping, DP noise, allreduce, pruning masks and
 * fake-quant hooks are all transforms, composed in a chain, so they combine
 * without knowing about each other. A transform owns the tensors it returns; the
 * trainer disposes the inputs and outputs of every stage.
 */
export interface GradientTransform {
  readonly name: string;
  apply(grads: Gradients, ctx: StepContext): Gradients;
}

/** Runs `transforms` in order, disposing intermediate gradients. */
export function applyChain(
  transforms: readonly GradientTransform[],
  grads: Gradients,
  ctx: StepContext,
): Gradients {
  let current = grads;
  for (const t of transforms) {
    const next = t.apply(current, ctx);
    for (const [name, g] of Object.entries(current)) if (next[name] !== g) g.dispose();
    current = next;
  }
  return current;
}

/** The global L2 norm over all gradients. */
export function globalNorm(grads: Gradients): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/**
 * Scales all gradients by min(1, maxNorm / globalNorm) — Keras `global_clipnorm`,
 * PyTorch `clip_grad_norm_`.
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransform {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  return {
    name: `clipByGlobalNorm(${maxNorm})`,
    apply(grads) {
      return tf.tidy(() => {
        const norm = globalNorm(grads);
        const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-12)));
        return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)]));
      });
    },
  };
}

/** Clips every gradient element to [-clipValue, clipValue] — Keras `clipvalue`. */
export function clipByValue(clipValue: number): GradientTransform {
  if (!(clipValue > 0)) throw new RangeError(`clipByValue: clipValue must be > 0, got ${clipValue}`);
  return {
    name: `clipByValue(${clipValue})`,
    apply(grads) {
      return tf.tidy(() =>
        Object.fromEntries(
          Object.entries(grads).map(([k, g]) => [k, tf.clipByValue(g, -clipValue, clipValue)]),
        ),
      );
    },
  };
}
