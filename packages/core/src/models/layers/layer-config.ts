// Model-config entries (models/config.ts `PreprocessingLayer`) → preprocessing layers,
// for buildModel. Kept here so the models folder only dispatches.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessingLayer } from '../config.ts';
import { FrontierError } from '../../util/errors.ts';
import { ImageAugmentation } from './augment-layer.ts';
import { Normalization } from './normalization-layer.ts';
import {
  RandomBrightness,
  RandomContrast,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
} from './random-layers.ts';

/**
 * Builds the layer of a preprocessing entry of a model config, named `name`, its
 * randomness seeded with `seed`. Bad options throw FrontierError `MODEL_CONFIG`
 * whose `where` names the layer and the option.
 */
export function preprocessingLayer(
  layer: PreprocessingLayer,
  name: string,
  seed: number,
  first: { inputShape?: number[] },
): tf.layers.Layer {
  const base = { name, seed, ...first };
  try {
    switch (layer.type) {
      case 'randomFlip':
        return new RandomFlip({ ...base, mode: layer.mode });
      case 'randomRotation':
        return new RandomRotation({ ...base, ...fill(layer), factor: layer.factor });
      case 'randomTranslation':
        return new RandomTranslation({
          ...base,
          ...fill(layer),
          heightFactor: layer.heightFactor,
          widthFactor: layer.widthFactor,
        });
      case 'randomZoom':
        return new RandomZoom({
          ...base,
          ...fill(layer),
          heightFactor: layer.heightFactor,
          widthFactor: layer.widthFactor,
        });
      case 'randomContrast':
        return new RandomContrast({ ...base, factor: layer.factor, valueRange: layer.valueRange });
      case 'randomBrightness':
        return new RandomBrightness({ ...base, factor: layer.factor, valueRange: layer.valueRange });
      case 'rescaling':
        if (!Number.isFinite(layer.scale) || !Number.isFinite(layer.offset ?? 0))
          throw new FrontierError(
            'MODEL_CONFIG',
            `scale and offset must be numbers, got ${JSON.stringify([layer.scale, layer.offset])}`,
            {
              where: `layer ${name}.scale`,
              hint: 'e.g. { "type": "rescaling", "scale": 0.00392156862745098 }',
            },
          );
        return tf.layers.rescaling({ name, scale: layer.scale, offset: layer.offset ?? 0, ...first });
      case 'normalization':
        return new Normalization({ name, mean: layer.mean, variance: layer.variance, ...first });
      case 'imageAugmentation': {
        const { type: _type, ...opts } = layer;
        return new ImageAugmentation({ seed, ...opts, name, ...first });
      }
    }
  } catch (cause) {
    if (!(cause instanceof FrontierError) || cause.code === 'MODEL_CONFIG') throw cause;
    const option = cause.where?.split('.').slice(1).join('.') || 'options';
    throw new FrontierError('MODEL_CONFIG', cause.message, {
      where: `layer ${name} (${layer.type}).${option}`,
      hint: cause.hint,
      cause,
    });
  }
}

function fill(layer: { fillMode?: string; interpolation?: string; fillValue?: number }) {
  return {
    fillMode: layer.fillMode as 'reflect' | undefined,
    interpolation: layer.interpolation as 'bilinear' | undefined,
    fillValue: layer.fillValue,
  };
}
