import * as tf from '@tensorflow/tfjs';
import {
  addAttentionWeights,
  readAttention,
  type BaseLayerArgs,
  type Initializer,
  type LayerVariable,
} from './multi-head-attention.ts';
import {
  denseLastAxis,
  gelu,
  layerNorm,
  selfAttention,
  SeededDropout,
  type AttentionWeights,
} from './ops.ts';

/** Arguments of TransformerEncoder. Defaults: dropout 0.1, post-norm, epsilon 1e-6, gelu. */
export interface TransformerEncoderArgs extends BaseLayerArgs {
  numHeads: number;
  ffDim: number;
  dropout?: number;
  /** Pre-norm (layer norm before each sublayer) instead of post-norm. */
  normFirst?: boolean;
  epsilon?: number;
  activation?: 'gelu' | 'relu';
  /** Seeds the initializers and the dropout masks. */
  seed?: number;
}

/**
 * One Transformer encoder block over [b, t, d] → [b, t, d]: multi-head
 * self-attention and a feed-forward net d → ffDim → d, each wrapped in dropout, a
 * residual connection and layer norm. Post-norm (Vaswani et al., BERT):
 * x ← LN(x + Drop(MHA(x))); x ← LN(x + Drop(FFN(x))). Pre-norm (`normFirst`):
 * x ← x + Drop(MHA(LN(x))); x ← x + Drop(FFN(LN(x))). Honours and passes on the
 * padding mask. Serialized as 'FrontierTransformerEncoder'.
 */
export class TransformerEncoder extends tf.layers.Layer {
  static className = 'FrontierTransformerEncoder';
  readonly numHeads: number;
  readonly ffDim: number;
  readonly rate: number;
  readonly normFirst: boolean;
  readonly epsilon: number;
  readonly activation: 'gelu' | 'relu';
  readonly seed: number | undefined;
  private attn?: Record<keyof AttentionWeights, LayerVariable>;
  private w?: Record<
    'ff1' | 'ff1Bias' | 'ff2' | 'ff2Bias' | 'ln1g' | 'ln1b' | 'ln2g' | 'ln2b',
    LayerVariable
  >;
  private readonly drop: SeededDropout;

  constructor(args: TransformerEncoderArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.ffDim = args.ffDim;
    this.rate = args.dropout ?? 0.1;
    this.normFirst = args.normFirst ?? false;
    this.epsilon = args.epsilon ?? 1e-6;
    this.activation = args.activation ?? 'gelu';
    this.seed = args.seed ?? undefined;
    this.supportsMasking = true;
    this.drop = new SeededDropout(this.rate, this.seed);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const d = shape[shape.length - 1] as number;
    if (d % this.numHeads !== 0) {
      throw new RangeError(`${this.name}: model width ${d} is not divisible by numHeads ${this.numHeads}`);
    }
    const s = this.seed;
    this.attn = addAttentionWeights((n, sh, i) => this.addWeight(n, sh, 'float32', i), 'attention/', d, d, s);
    const glorot = (i: number) => tf.initializers.glorotUniform({ seed: s == null ? undefined : s + i });
    const add = (name: string, shape: number[], init: Initializer) =>
      this.addWeight(name, shape, 'float32', init);
    this.w = {
      ff1: add('ffn/dense_1/kernel', [d, this.ffDim], glorot(10)),
      ff1Bias: add('ffn/dense_1/bias', [this.ffDim], tf.initializers.zeros()),
      ff2: add('ffn/dense_2/kernel', [this.ffDim, d], glorot(11)),
      ff2Bias: add('ffn/dense_2/bias', [d], tf.initializers.zeros()),
      ln1g: add('attention_norm/gamma', [d], tf.initializers.ones()),
      ln1b: add('attention_norm/beta', [d], tf.initializers.zeros()),
      ln2g: add('ffn_norm/gamma', [d], tf.initializers.ones()),
      ln2b: add('ffn_norm/beta', [d], tf.initializers.zeros()),
    };
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
      const w = this.w!;
      const ln1 = (v: tf.Tensor) => layerNorm(v, w.ln1g.read(), w.ln1b.read(), this.epsilon);
      const ln2 = (v: tf.Tensor) => layerNorm(v, w.ln2g.read(), w.ln2b.read(), this.epsilon);
      const act = this.activation === 'gelu' ? gelu : tf.relu;
      const attention = (v: tf.Tensor) => {
        const dropout = training && this.rate > 0 ? { rate: this.rate, seed: this.drop.next() } : undefined;
        return this.drop.apply(
          selfAttention(v, readAttention(this.attn!), this.numHeads, mask, dropout),
          training,
        );
      };
      const ffn = (v: tf.Tensor) =>
        this.drop.apply(
          denseLastAxis(
            act(denseLastAxis(v, w.ff1.read(), w.ff1Bias.read())),
            w.ff2.read(),
            w.ff2Bias.read(),
          ),
          training,
        );
      if (this.normFirst) {
        const h = tf.add(x, attention(ln1(x)));
        return tf.add(h, ffn(ln2(h)));
      }
      const h = ln1(tf.add(x, attention(x)));
      return ln2(tf.add(h, ffn(h)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      ffDim: this.ffDim,
      dropout: this.rate,
      normFirst: this.normFirst,
      epsilon: this.epsilon,
      activation: this.activation,
      seed: this.seed ?? null,
    };
  }
}
tf.serialization.registerClass(TransformerEncoder);
