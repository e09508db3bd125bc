import * as tf from '@tensorflow/tfjs';
import type { BaseLayerArgs } from './multi-head-attention.ts';
import { gatherRows } from './ops.ts';

/** Arguments of TokenAndPositionEmbedding. */
export interface TokenAndPositionEmbeddingArgs extends BaseLayerArgs {
  vocabSize: number;
  maxLen: number;
  dim: number;
  /** Seeds the two initializers (seed, seed + 1). */
  seed?: number;
}

/**
 * Token ids [b, t] (t ≤ maxLen; 0 is padding) → tokenEmbedding[id] +
 * positionEmbedding[position], [b, t, dim] (BERT's input embedding without segments).
 * Emits the padding mask (id ≠ 0) for the layers after it. Ids must lie in
 * [0, vocabSize) (the tokenizer guarantees it). Serialized as 'FrontierTokenAndPositionEmbedding'.
 */
export class TokenAndPositionEmbedding extends tf.layers.Layer {
  static className = 'FrontierTokenAndPositionEmbedding';
  readonly vocabSize: number;
  readonly maxLen: number;
  readonly dim: number;
  readonly seed: number | undefined;
  private tokens?: ReturnType<tf.layers.Layer['addWeight']>;
  private positions?: ReturnType<tf.layers.Layer['addWeight']>;

  constructor(args: TokenAndPositionEmbeddingArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.maxLen = args.maxLen;
    this.dim = args.dim;
    this.seed = args.seed ?? undefined;
    // tfjs's executor only asks layers that support masking for their output mask.
    this.supportsMasking = true;
  }

  override build(_inputShape?: tf.Shape | tf.Shape[]): void {
    const init = (i: number) =>
      tf.initializers.randomNormal({
        mean: 0,
        stddev: 0.02,
        seed: this.seed == null ? undefined : this.seed + i,
      });
    this.tokens = this.addWeight('token_embeddings', [this.vocabSize, this.dim], 'float32', init(0));
    this.positions = this.addWeight('position_embeddings', [this.maxLen, this.dim], 'float32', init(1));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...(inputShape as tf.Shape), this.dim];
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.notEqual(ids, 0));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = tf.cast(Array.isArray(inputs) ? inputs[0] : inputs, 'int32');
      const t = ids.shape[1] as number;
      const tok = gatherRows(this.tokens!.read(), ids); // [b, t, dim]
      const pos = tf.slice(this.positions!.read(), [0, 0], [t, this.dim]);
      return tf.add(tok, pos);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabSize: this.vocabSize,
      maxLen: this.maxLen,
      dim: this.dim,
      seed: this.seed ?? null,
    };
  }
}
tf.serialization.registerClass(TokenAndPositionEmbedding);
