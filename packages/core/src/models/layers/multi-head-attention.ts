import * as tf from '@tensorflow/tfjs';
import { selfAttention, SeededDropout, type AttentionWeights } from './ops.ts';

/** Layer arguments tfjs accepts for any layer (name, inputShape, trainable, …). */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Arguments of MultiHeadAttention; keyDim defaults to d / numHeads, dropout to 0. */
export interface MultiHeadAttentionArgs extends BaseLayerArgs {
  numHeads: number;
  keyDim?: number;
  dropout?: number;
  /** Seeds the initializers (seed, seed+1, …) and the dropout masks. */
  seed?: number;
}

/** A layer weight, as `addWeight` returns it. */
export type LayerVariable = ReturnType<tf.layers.Layer['addWeight']>;
/** A weight initializer, as `tf.initializers.*` return them. */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** Adds the eight weights of an attention block through `addWeight` (the layer's own), named under `prefix`. */
export function addAttentionWeights(
  addWeight: (name: string, shape: number[], init: Initializer) => LayerVariable,
  prefix: string,
  d: number,
  width: number,
  seed: number | undefined,
): Record<keyof AttentionWeights, LayerVariable> {
  const glorot = (i: number) => tf.initializers.glorotUniform({ seed: seed == null ? undefined : seed + i });
  const zeros = tf.initializers.zeros();
  const add = (name: string, shape: number[], init: Initializer) =>
    addWeight(`${prefix}${name}`, shape, init);
  return {
    query: add('query/kernel', [d, width], glorot(0)),
    queryBias: add('query/bias', [width], zeros),
    key: add('key/kernel', [d, width], glorot(1)),
    keyBias: add('key/bias', [width], zeros),
    value: add('value/kernel', [d, width], glorot(2)),
    valueBias: add('value/bias', [width], zeros),
    output: add('output/kernel', [width, d], glorot(3)),
    outputBias: add('output/bias', [d], zeros),
  };
}

/** Reads the current values of attention weights. */
export function readAttention(w: Record<keyof AttentionWeights, LayerVariable>): AttentionWeights {
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.read()])) as unknown as AttentionWeights;
}

/**
 * Multi-head self-attention over [b, t, d] → [b, t, d] (Keras MultiHeadAttention
 * with query = value = key). Honours the padding mask tfjs propagates from
 * `Embedding({maskZero})` or TokenAndPositionEmbedding, and passes it on.
 * Serialized as 'FrontierMultiHeadAttention'.
 */
export class MultiHeadAttention extends tf.layers.Layer {
  static className = 'FrontierMultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number | undefined;
  readonly rate: number;
  readonly seed: number | undefined;
  private weightsOf?: Record<keyof AttentionWeights, LayerVariable>;
  private readonly drop: SeededDropout;

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim ?? undefined;
    this.rate = args.dropout ?? 0;
    this.seed = args.seed ?? undefined;
    this.supportsMasking = true;
    this.drop = new SeededDropout(this.rate, this.seed);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[shape.length - 1] as number;
    const keyDim = this.keyDim ?? Math.max(1, Math.floor(d / this.numHeads));
    this.weightsOf = addAttentionWeights(
      (n, s, i) => this.addWeight(n, s, 'float32', i),
      '',
      d,
      keyDim * this.numHeads,
      this.seed,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    return mask as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const mask = (kwargs.mask as unknown as tf.Tensor | undefined) ?? null;
      const training = kwargs.training === true;
      const dropout = training && this.rate > 0 ? { rate: this.rate, seed: this.drop.next() } : undefined;
      return selfAttention(x, readAttention(this.weightsOf!), this.numHeads, mask, dropout);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim ?? null,
      dropout: this.rate,
      seed: this.seed ?? null,
    };
  }
}
tf.serialization.registerClass(MultiHeadAttention);
