// Frontier's custom tfjs layers, registered for deserialization wherever a model loads.
//
// The layer modules register themselves with tf.serialization when imported. They are
// leaves (they import only tfjs, util/ and train/rng), so io importing them adds no
// cycle and pulls in nothing of models/, train/ or evaluate/. Importing io (or any module
// that loads a model through it) is therefore enough for `loadModel` and for stock
// `tf.loadLayersModel` to rebuild a model holding augmentation, normalization or
// Transformer layers.
import * as tf from '@tensorflow/tfjs';
import { ImageAugmentation } from '../models/layers/augment-layer.ts';
import { Normalization } from '../models/layers/normalization-layer.ts';
import {
  RandomBrightness,
  RandomContrast,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
} from '../models/layers/random-layers.ts';
import { MultiHeadAttention } from '../models/layers/multi-head-attention.ts';
import { TokenAndPositionEmbedding } from '../models/layers/token-position-embedding.ts';
import { TransformerEncoder } from '../models/layers/transformer-encoder.ts';
import { MaskedGlobalAveragePooling1D } from '../models/layers/masked-average-pooling.ts';

/** Every custom layer class a Frontier model may hold; each is registered with tfjs. */
export const CUSTOM_LAYERS: ReadonlyArray<{ className: string }> = [
  ImageAugmentation,
  Normalization,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
  RandomContrast,
  RandomBrightness,
  MultiHeadAttention,
  TokenAndPositionEmbedding,
  TransformerEncoder,
  MaskedGlobalAveragePooling1D,
];

/**
 * Registers every class of {@link CUSTOM_LAYERS} with the given tfjs serialization
 * registry (default: the one of the `@tensorflow/tfjs` this package uses). The modules
 * already register themselves on import; call this with another tfjs instance's
 * `tf.serialization` when an app bundles its own copy of tfjs. Idempotent.
 */
export function registerCustomLayers(serialization: typeof tf.serialization = tf.serialization): void {
  for (const cls of CUSTOM_LAYERS) {
    serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
  }
}
