/**
 * Model configs: plain JSON that `buildModel` turns into a tfjs LayersModel.
 * Every field a user can write in a `frontier` config file is here.
 */

/** Activation names accepted by tfjs layers. */
export type Activation =
  'linear' | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'tanh' | 'softmax' | 'softplus' | 'swish';

export interface DenseLayer {
  type: 'dense';
  units: number;
  /** Default 'linear'. */
  activation?: Activation;
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

export type LayerConfig = DenseLayer | Conv2DLayer | MaxPool2DLayer | FlattenLayer | DropoutLayer;

/** A sequential model: an input shape (without the batch axis) and its layers. */
export interface ModelConfig {
  name: string;
  inputShape: number[];
  layers: LayerConfig[];
}

export const LAYER_TYPES = ['dense', 'conv2d', 'maxPool2d', 'flatten', 'dropout'] as const;
