/**
 * Model configs: plain JSON that `buildModel` turns into a tfjs LayersModel.
 * Every field a user can write in a `frontier` config file is here.
 */

/** Activation names accepted by tfjs layers. */
export type Activation =
  'linear' | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'tanh' | 'softmax' | 'softplus' | 'swish';

/** An L1/L2 weight penalty added to the training loss: l1·Σ|w| + l2·Σw² (Keras `L1L2`). */
export interface RegularizerConfig {
  l1?: number;
  l2?: number;
}

export interface DenseLayer {
  type: 'dense';
  units: number;
  /** Default 'linear'. */
  activation?: Activation;
  /** Default true. */
  useBias?: boolean;
  kernelRegularizer?: RegularizerConfig;
}
export interface Conv2DLayer {
  type: 'conv2d';
  filters: number;
  /** Square kernel size or [height, width]. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: 'valid' | 'same';
  /** Default 'linear'. */
  activation?: Activation;
  kernelRegularizer?: RegularizerConfig;
}
export interface MaxPool2DLayer {
  type: 'maxPool2d';
  poolSize: number | [number, number];
  /** Default: poolSize. */
  strides?: number | [number, number];
}
export interface FlattenLayer {
  type: 'flatten';
}
export interface DropoutLayer {
  type: 'dropout';
  rate: number;
}

/** Batch normalization over the last axis. Defaults as Keras: momentum 0.99, epsilon 1e-3. */
export interface BatchNormLayer {
  type: 'batchNorm';
  momentum?: number;
  epsilon?: number;
}
/** Mean over the spatial axes of NHWC feature maps: [b, h, w, c] → [b, c]. */
export interface GlobalAvgPool2DLayer {
  type: 'globalAvgPool2d';
}
/**
 * Mean over the time axis, [b, t, d] → [b, d], counting only unmasked steps when a
 * padding mask arrives (from `embedding` with maskZero or `tokenAndPositionEmbedding`).
 */
export interface GlobalAvgPool1DLayer {
  type: 'globalAvgPool1d';
}
export interface ActivationLayer {
  type: 'activation';
  activation: Activation;
}
/** Integer ids [b, t] → vectors [b, t, outputDim]. With maskZero, id 0 is padding. */
export interface EmbeddingLayer {
  type: 'embedding';
  inputDim: number;
  outputDim: number;
  maskZero?: boolean;
}
/**
 * A recurrent layer over [b, t, d]. Returns the last output [b, units] unless
 * returnSequences. With `bidirectional`, a forward and a backward copy are merged
 * ('concat' doubles the width). Defaults: activation tanh, no dropout.
 */
export interface RecurrentLayer {
  type: 'simpleRnn' | 'lstm' | 'gru';
  units: number;
  returnSequences?: boolean;
  dropout?: number;
  recurrentDropout?: number;
  bidirectional?: boolean | 'concat' | 'sum' | 'mul' | 'ave';
  kernelRegularizer?: RegularizerConfig;
}
/** Layer normalization over the last axis (default epsilon 1e-3). */
export interface LayerNormLayer {
  type: 'layerNorm';
  epsilon?: number;
}
/** Token ids [b, t] (0 = padding) → token + learned position embeddings [b, t, dim], with a padding mask. */
export interface TokenAndPositionEmbeddingLayer {
  type: 'tokenAndPositionEmbedding';
  vocabSize: number;
  maxLen: number;
  dim: number;
}
/** Multi-head self-attention over [b, t, d] honouring the padding mask; output [b, t, d]. */
export interface MultiHeadAttentionLayer {
  type: 'multiHeadAttention';
  numHeads: number;
  /** Per-head width; default d / numHeads. */
  keyDim?: number;
  dropout?: number;
}
/**
 * One Transformer encoder block: self-attention and a two-layer feed-forward net
 * (ffDim, gelu-free relu), each with a residual and layer norm — after the residual
 * (post-norm, the original Transformer and BERT) or before the sublayer (`normFirst`,
 * pre-norm, GPT-2 style). Defaults: dropout 0.1, epsilon 1e-6 (as BERT's 1e-12 is below float32 noise).
 */
export interface TransformerEncoderLayer {
  type: 'transformerEncoder';
  numHeads: number;
  ffDim: number;
  dropout?: number;
  normFirst?: boolean;
  epsilon?: number;
}

/**
 * Keras-style preprocessing layers (`@frontier/core/preprocess`), saved with the model.
 * The random ones act only in training (identity at inference), seeded from the
 * model seed; a factor f means [−f, f] unless given as [low, high]. Geometric ones
 * default to fillMode 'reflect', interpolation 'bilinear', fillValue 0.
 * `rescaling`: x·scale + offset; `normalization`: (x − mean)/√variance per last-axis feature.
 */
export type PreprocessingLayer =
  | { type: 'randomFlip'; mode?: 'horizontal' | 'vertical' | 'horizontal_and_vertical' }
  | ({ type: 'randomRotation'; factor: number | [number, number] } & AffineFill)
  | ({
      type: 'randomTranslation';
      heightFactor: number | [number, number];
      widthFactor: number | [number, number];
    } & AffineFill)
  | ({
      type: 'randomZoom';
      heightFactor: number | [number, number];
      widthFactor?: number | [number, number];
    } & AffineFill)
  | { type: 'randomContrast'; factor: number | [number, number]; valueRange?: [number, number] }
  | { type: 'randomBrightness'; factor: number | [number, number]; valueRange?: [number, number] }
  | { type: 'rescaling'; scale: number; offset?: number }
  | ({ type: 'imageAugmentation' } & ImageAugmentationOptions)
  | { type: 'normalization'; mean: number | number[]; variance: number | number[] };

/** `imageAugmentation`: ImageDataGenerator-style options (ImageAugmenter's, without rescale), one affine per image. */
export interface ImageAugmentationOptions {
  rotationRange?: number;
  widthShiftRange?: number | number[];
  heightShiftRange?: number | number[];
  shearRange?: number;
  zoomRange?: number | [number, number];
  horizontalFlip?: boolean;
  verticalFlip?: boolean;
  brightnessRange?: [number, number] | null;
  channelShiftRange?: number;
  fillMode?: 'constant' | 'nearest' | 'reflect' | 'wrap';
  cval?: number;
  interpolation?: 'bilinear' | 'nearest';
  seed?: number;
}

/** Fill options of the geometric preprocessing layers. */
export interface AffineFill {
  fillMode?: 'constant' | 'nearest' | 'reflect' | 'wrap';
  interpolation?: 'bilinear' | 'nearest';
  fillValue?: number;
}

export type LayerConfig =
  | PreprocessingLayer
  | DenseLayer
  | Conv2DLayer
  | MaxPool2DLayer
  | FlattenLayer
  | DropoutLayer
  | BatchNormLayer
  | GlobalAvgPool2DLayer
  | GlobalAvgPool1DLayer
  | ActivationLayer
  | EmbeddingLayer
  | RecurrentLayer
  | LayerNormLayer
  | TokenAndPositionEmbeddingLayer
  | MultiHeadAttentionLayer
  | TransformerEncoderLayer;

/** A sequential model: an input shape (without the batch axis) and its layers. */
export interface ModelConfig {
  name: string;
  inputShape: number[];
  layers: LayerConfig[];
}

export const LAYER_TYPES = [
  'dense',
  'conv2d',
  'maxPool2d',
  'flatten',
  'dropout',
  'batchNorm',
  'globalAvgPool2d',
  'globalAvgPool1d',
  'activation',
  'embedding',
  'simpleRnn',
  'lstm',
  'gru',
  'layerNorm',
  'tokenAndPositionEmbedding',
  'multiHeadAttention',
  'transformerEncoder',
  'randomFlip',
  'randomRotation',
  'randomTranslation',
  'randomZoom',
  'randomContrast',
  'randomBrightness',
  'rescaling',
  'normalization',
  'imageAugmentation',
] as const;
