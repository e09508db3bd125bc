import type { ModelConfig } from './config.ts';

/**
 * The founding brief's CNN: Conv2D(32, 3×3, relu) → MaxPool(2) → Flatten →
 * Dense(128, relu) → Dense(classes, softmax).
 */
export function briefCnn(opts: { inputShape?: number[]; classes?: number } = {}): ModelConfig {
  return {
    name: 'cnn',
    inputShape: opts.inputShape ?? [28, 28, 1],
    layers: [
      { type: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: opts.classes ?? 10, activation: 'softmax' },
    ],
  };
}

/**
 * A multilayer perceptron. Inputs with more than one axis are flattened first.
 * Defaults: hidden [128], relu, softmax output over `classes` (10), or a linear
 * single output when `classes` is 0 (regression).
 */
export function mlp(opts: {
  inputShape: number[];
  hidden?: number[];
  classes?: number;
  dropout?: number;
}): ModelConfig {
  const classes = opts.classes ?? 10;
  const layers: ModelConfig['layers'] = opts.inputShape.length > 1 ? [{ type: 'flatten' }] : [];
  for (const units of opts.hidden ?? [128]) {
    layers.push({ type: 'dense', units, activation: 'relu' });
    if (opts.dropout) layers.push({ type: 'dropout', rate: opts.dropout });
  }
  layers.push(
    classes > 0 ? { type: 'dense', units: classes, activation: 'softmax' } : { type: 'dense', units: 1 },
  );
  return { name: 'mlp', inputShape: opts.inputShape, layers };
}

/**
 * A deeper CNN for images: `blocks` (default [32, 64]) conv blocks of
 * Conv2D(f, 3×3, same) → BatchNorm → ReLU → MaxPool(2), then global average pooling,
 * optional dropout and Dense(classes, softmax). Far fewer parameters than the
 * brief's CNN because no dense layer sees the full feature map.
 */
export function deepCnn(
  opts: { inputShape?: number[]; classes?: number; blocks?: number[]; dropout?: number; l2?: number } = {},
): ModelConfig {
  const layers: ModelConfig['layers'] = [];
  for (const filters of opts.blocks ?? [32, 64]) {
    layers.push(
      {
        type: 'conv2d',
        filters,
        kernelSize: 3,
        padding: 'same',
        ...(opts.l2 ? { kernelRegularizer: { l2: opts.l2 } } : {}),
      },
      { type: 'batchNorm' },
      { type: 'activation', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
    );
  }
  layers.push({ type: 'globalAvgPool2d' });
  if (opts.dropout) layers.push({ type: 'dropout', rate: opts.dropout });
  layers.push({ type: 'dense', units: opts.classes ?? 10, activation: 'softmax' });
  return { name: 'deep_cnn', inputShape: opts.inputShape ?? [28, 28, 1], layers };
}

/**
 * A recurrent text classifier over padded token ids [maxLen]: Embedding(maskZero)
 * → `cell` (default lstm, optionally bidirectional) → Dense(classes, softmax).
 */
export function rnnClassifier(opts: {
  vocabSize: number;
  maxLen: number;
  classes?: number;
  embedDim?: number;
  units?: number;
  cell?: 'simpleRnn' | 'lstm' | 'gru';
  bidirectional?: boolean;
}): ModelConfig {
  return {
    name: `${opts.cell ?? 'lstm'}_classifier`,
    inputShape: [opts.maxLen],
    layers: [
      { type: 'embedding', inputDim: opts.vocabSize, outputDim: opts.embedDim ?? 32, maskZero: true },
      { type: opts.cell ?? 'lstm', units: opts.units ?? 32, bidirectional: opts.bidirectional ?? false },
      { type: 'dense', units: opts.classes ?? 2, activation: 'softmax' },
    ],
  };
}

/**
 * A Transformer encoder classifier over padded token ids [maxLen]: token + position
 * embeddings → `layers` encoder blocks → masked mean pooling → Dense(classes, softmax).
 * Defaults: dim 32, 2 heads, ffDim 4·dim, 2 layers, dropout 0.1, post-norm.
 */
export function transformerClassifier(opts: {
  vocabSize: number;
  maxLen: number;
  classes?: number;
  dim?: number;
  numHeads?: number;
  ffDim?: number;
  layers?: number;
  dropout?: number;
  normFirst?: boolean;
}): ModelConfig {
  const dim = opts.dim ?? 32;
  const blocks: ModelConfig['layers'] = Array.from({ length: opts.layers ?? 2 }, () => ({
    type: 'transformerEncoder' as const,
    numHeads: opts.numHeads ?? 2,
    ffDim: opts.ffDim ?? 4 * dim,
    dropout: opts.dropout ?? 0.1,
    normFirst: opts.normFirst ?? false,
  }));
  return {
    name: 'transformer_classifier',
    inputShape: [opts.maxLen],
    layers: [
      { type: 'tokenAndPositionEmbedding', vocabSize: opts.vocabSize, maxLen: opts.maxLen, dim },
      ...blocks,
      { type: 'globalAvgPool1d' },
      { type: 'dense', units: opts.classes ?? 2, activation: 'softmax' },
    ],
  };
}
