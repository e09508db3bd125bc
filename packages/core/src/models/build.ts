import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { LAYER_TYPES, type LayerConfig, type ModelConfig } from './config.ts';

/**
 * Builds a sequential tfjs LayersModel from `config`. Kernel initializers are
 * seeded from `seed` (layer i gets seed + i), so the same config and seed give the
 * same initial weights on every machine. Throws a FrontierError naming the config
 * key (e.g. `layers[2].units`) for any invalid field.
 */
export function buildModel(config: ModelConfig, seed = 42): tf.Sequential {
  validateModelConfig(config);
  const model = tf.sequential({ name: config.name });
  config.layers.forEach((layer, i) => {
    const first = i === 0 ? { inputShape: config.inputShape } : {};
    const init = { kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }), ...first };
    const name = `${layer.type.toLowerCase()}_${i + 1}`;
    switch (layer.type) {
      case 'dense':
        model.add(tf.layers.dense({ name, units: layer.units, activation: layer.activation, ...init }));
        break;
      case 'conv2d':
        model.add(
          tf.layers.conv2d({
            name,
            filters: layer.filters,
            kernelSize: layer.kernelSize,
            strides: layer.strides ?? 1,
            padding: layer.padding ?? 'valid',
            activation: layer.activation,
            ...init,
          }),
        );
        break;
      case 'maxPool2d':
        model.add(
          tf.layers.maxPooling2d({ name, poolSize: layer.poolSize, strides: layer.strides, ...first }),
        );
        break;
      case 'flatten':
        model.add(tf.layers.flatten({ name, ...first }));
        break;
      case 'dropout':
        model.add(tf.layers.dropout({ name, rate: layer.rate, seed: seed + i, ...first }));
        break;
    }
  });
  return model;
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
    if (layer.type === 'dense' && !isPositiveInt(layer.units)) {
      fail(`${at}.units`, `units must be a positive integer, got ${JSON.stringify(layer.units)}`, 'e.g. 128');
    }
    if (layer.type === 'conv2d' && !isPositiveInt(layer.filters)) {
      fail(
        `${at}.filters`,
        `filters must be a positive integer, got ${JSON.stringify(layer.filters)}`,
        'e.g. 32',
      );
    }
    if (layer.type === 'dropout' && !(layer.rate >= 0 && layer.rate < 1)) {
      fail(`${at}.rate`, `rate must be in [0, 1), got ${JSON.stringify(layer.rate)}`, 'e.g. 0.25');
    }
  });
}

function isPositiveInt(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}
