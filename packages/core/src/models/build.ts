import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { LAYER_TYPES, type LayerConfig, type ModelConfig, type RegularizerConfig } from './config.ts';
import {
  MaskedGlobalAveragePooling1D,
  MultiHeadAttention,
  TokenAndPositionEmbedding,
  TransformerEncoder,
} from './layers/index.ts';
import { preprocessingLayer } from './layers/layer-config.ts';

/**
 * Builds a sequential tfjs LayersModel from `config`. Initializers (and dropout in
 * the custom layers) are seeded from `seed` (layer i gets seed + i, layers with
 * several weights count up from there), so the same config and seed give the same
 * initial weights on every machine. Throws a FrontierError naming the config key
 * (e.g. `layers[2].units`) for any invalid field, or the layer that cannot accept
 * the previous layer's output.
 */
export function buildModel(config: ModelConfig, seed = 42): tf.Sequential {
  validateModelConfig(config);
  const model = tf.sequential({ name: config.name });
  config.layers.forEach((layer, i) => {
    const name = `${layer.type.toLowerCase()}_${i + 1}`;
    const first = i === 0 ? { inputShape: config.inputShape } : {};
    try {
      model.add(makeLayer(layer, name, seed + i, first));
    } catch (cause) {
      if (cause instanceof FrontierError) throw cause;
      throw new FrontierError(
        'MODEL_CONFIG',
        `layer ${i + 1} (${layer.type}) cannot be built: ${(cause as Error).message}`,
        {
          where: `model.layers[${i}]`,
          hint: 'check that it fits the previous layer’s output shape (see `summary`)',
        },
      );
    }
  });
  return model;
}

function regularizer(r: RegularizerConfig | undefined) {
  return r ? tf.regularizers.l1l2({ l1: r.l1 ?? 0, l2: r.l2 ?? 0 }) : undefined;
}

// Layer i's first initializer is seeded with seed + i (as before custom layers existed, so
// existing models keep their weights); layers with several initializers draw theirs from
// (seed + i)·1000 + k, which cannot collide with another layer's seed + j.
function makeLayer(
  layer: LayerConfig,
  name: string,
  seed: number,
  first: { inputShape?: number[] },
): tf.layers.Layer {
  const glorot = (s = seed) => tf.initializers.glorotUniform({ seed: s });
  const many = seed * 1000;
  switch (layer.type) {
    case 'randomFlip':
    case 'randomRotation':
    case 'randomTranslation':
    case 'randomZoom':
    case 'randomContrast':
    case 'randomBrightness':
    case 'rescaling':
    case 'normalization':
    case 'imageAugmentation':
      return preprocessingLayer(layer, name, seed, first);
    case 'dense':
      return tf.layers.dense({
        name,
        units: layer.units,
        activation: layer.activation,
        useBias: layer.useBias ?? true,
        kernelInitializer: glorot(),
        kernelRegularizer: regularizer(layer.kernelRegularizer),
        ...first,
      });
    case 'conv2d':
      return tf.layers.conv2d({
        name,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides ?? 1,
        padding: layer.padding ?? 'valid',
        activation: layer.activation,
        kernelInitializer: glorot(),
        kernelRegularizer: regularizer(layer.kernelRegularizer),
        ...first,
      });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ name, poolSize: layer.poolSize, strides: layer.strides, ...first });
    case 'flatten':
      return tf.layers.flatten({ name, ...first });
    case 'dropout':
      return tf.layers.dropout({ name, rate: layer.rate, seed, ...first });
    case 'batchNorm':
      return tf.layers.batchNormalization({
        name,
        momentum: layer.momentum,
        epsilon: layer.epsilon,
        ...first,
      });
    case 'globalAvgPool2d':
      return tf.layers.globalAveragePooling2d({ name, ...first });
    case 'globalAvgPool1d':
      return new MaskedGlobalAveragePooling1D({ name, ...first });
    case 'activation':
      return tf.layers.activation({ name, activation: layer.activation, ...first });
    case 'layerNorm':
      return tf.layers.layerNormalization({ name, epsilon: layer.epsilon, ...first });
    case 'embedding':
      return tf.layers.embedding({
        name,
        inputDim: layer.inputDim,
        outputDim: layer.outputDim,
        maskZero: layer.maskZero ?? false,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
        ...first,
      });
    case 'simpleRnn':
    case 'lstm':
    case 'gru': {
      const args = {
        units: layer.units,
        returnSequences: layer.returnSequences ?? false,
        dropout: layer.dropout,
        recurrentDropout: layer.recurrentDropout,
        kernelInitializer: glorot(),
        recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: many + 1 }),
        kernelRegularizer: regularizer(layer.kernelRegularizer),
      };
      const make = { simpleRnn: tf.layers.simpleRNN, lstm: tf.layers.lstm, gru: tf.layers.gru }[layer.type];
      if (!layer.bidirectional) return make({ name, ...args, ...first });
      const mergeMode = layer.bidirectional === true ? 'concat' : layer.bidirectional;
      return tf.layers.bidirectional({
        name,
        layer: make({ name: `${name}_cell`, ...args }) as tf.RNN,
        mergeMode,
        ...first,
      });
    }
    case 'tokenAndPositionEmbedding':
      return new TokenAndPositionEmbedding({
        name,
        vocabSize: layer.vocabSize,
        maxLen: layer.maxLen,
        dim: layer.dim,
        seed: many,
        ...first,
      });
    case 'multiHeadAttention':
      return new MultiHeadAttention({
        name,
        numHeads: layer.numHeads,
        keyDim: layer.keyDim,
        dropout: layer.dropout,
        seed: many,
        ...first,
      });
    case 'transformerEncoder':
      return new TransformerEncoder({
        name,
        numHeads: layer.numHeads,
        ffDim: layer.ffDim,
        dropout: layer.dropout,
        normFirst: layer.normFirst,
        epsilon: layer.epsilon,
        seed: many,
        ...first,
      });
  }
}

/** Checks a model config, throwing a FrontierError that names the offending key. */
export function validateModelConfig(config: ModelConfig): void {
  const fail = (where: string, message: string, hint: string): never => {
    throw new FrontierError('MODEL_CONFIG', message, { where: `model.${where}`, hint });
  };
  if (
    !Array.isArray(config.inputShape) ||
    config.inputShape.length === 0 ||
    !config.inputShape.every(isPositiveInt)
  ) {
    fail(
      'inputShape',
      `inputShape must be a non-empty list of positive integers, got ${JSON.stringify(config.inputShape)}`,
      'e.g. [28, 28, 1] for MNIST images',
    );
  }
  if (!Array.isArray(config.layers) || config.layers.length === 0) {
    fail(
      'layers',
      'a model needs at least one layer',
      'add e.g. { "type": "dense", "units": 10, "activation": "softmax" }',
    );
  }
  config.layers.forEach((layer: LayerConfig, i) => {
    const at = `layers[${i}]`;
    if (!(LAYER_TYPES as readonly string[]).includes(layer?.type)) {
      fail(
        `${at}.type`,
        `unknown layer type ${JSON.stringify(layer?.type)}`,
        `use one of: ${LAYER_TYPES.join(', ')}`,
      );
    }
    const fields = layer as unknown as Record<string, unknown>;
    const positiveInt = (key: string, example: number) => {
      if (!isPositiveInt(fields[key])) {
        fail(
          `${at}.${key}`,
          `${key} must be a positive integer, got ${JSON.stringify(fields[key])}`,
          `e.g. ${example}`,
        );
      }
    };
    const rate = (key: string, optional: boolean) => {
      const v = fields[key];
      if (optional && v === undefined) return;
      if (!(typeof v === 'number' && v >= 0 && v < 1)) {
        fail(`${at}.${key}`, `${key} must be in [0, 1), got ${JSON.stringify(v)}`, 'e.g. 0.25');
      }
    };
    switch (layer.type) {
      case 'dense':
        positiveInt('units', 128);
        break;
      case 'conv2d':
        positiveInt('filters', 32);
        break;
      case 'dropout':
        rate('rate', false);
        break;
      case 'embedding':
        positiveInt('inputDim', 10000);
        positiveInt('outputDim', 64);
        break;
      case 'simpleRnn':
      case 'lstm':
      case 'gru':
        positiveInt('units', 32);
        rate('dropout', true);
        rate('recurrentDropout', true);
        break;
      case 'tokenAndPositionEmbedding':
        positiveInt('vocabSize', 8000);
        positiveInt('maxLen', 128);
        positiveInt('dim', 64);
        break;
      case 'multiHeadAttention':
        positiveInt('numHeads', 4);
        if (layer.keyDim !== undefined) positiveInt('keyDim', 16);
        rate('dropout', true);
        break;
      case 'transformerEncoder':
        positiveInt('numHeads', 4);
        positiveInt('ffDim', 128);
        rate('dropout', true);
        break;
    }
    const reg = fields.kernelRegularizer as RegularizerConfig | undefined;
    if (reg !== undefined) {
      for (const k of ['l1', 'l2'] as const) {
        if (reg[k] !== undefined && !(typeof reg[k] === 'number' && reg[k] >= 0)) {
          fail(
            `${at}.kernelRegularizer.${k}`,
            `${k} must be a number >= 0, got ${JSON.stringify(reg[k])}`,
            'e.g. 1e-4',
          );
        }
      }
    }
  });
}

function isPositiveInt(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}
