// Augmentation as a tfjs layer: random in training, identity at inference, and saved
// with the model (registered for serialization, so loadModel rebuilds it).
import * as tf from '@tensorflow/tfjs';
import { AUGMENT_KEYS, ImageAugmenter, type AugmentOptions } from './augment.ts';
import { badOption } from '../../util/errors.ts';
import type { JsonObject } from '../../util/json.ts';

/** Layer arguments: every {@link AugmentOptions} field except `rescale` (use tf.layers.rescaling, which also runs at inference). */
export interface ImageAugmentationArgs extends Omit<AugmentOptions, 'rescale'> {
  name?: string;
  inputShape?: number[];
  /** Set by deserialization (tfjs writes it into the saved config). */
  batchInputShape?: Array<number | null>;
  dtype?: tf.DataType;
}

/**
 * Applies an {@link ImageAugmenter} to NHWC batches when called with
 * `{ training: true }` (as the Trainer does), and returns its input unchanged
 * otherwise. The k-th training call uses key k, so a fresh model replays the same
 * augmentation. No weights; the options are the layer config.
 */
export class ImageAugmentation extends tf.layers.Layer {
  static className = 'FrontierImageAugmentation';
  readonly augmenter: ImageAugmenter;
  private readonly args: Omit<AugmentOptions, 'rescale'>;
  private calls = 0;

  constructor(args: ImageAugmentationArgs = {}) {
    super({
      name: args.name,
      inputShape: args.inputShape,
      batchInputShape: args.batchInputShape,
      dtype: args.dtype,
      trainable: false,
    });
    const opts: Omit<AugmentOptions, 'rescale'> = {};
    for (const k of AUGMENT_KEYS) if (args[k] !== undefined) (opts as Record<string, unknown>)[k] = args[k];
    if ((args as AugmentOptions).rescale != null) {
      throw badOption(
        'ImageAugmentation rescale',
        'rescale is not applied at inference by an augmentation layer',
        'add tf.layers.rescaling({scale}) instead',
      );
    }
    this.args = opts;
    this.augmenter = new ImageAugmenter(opts);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs?.training) return tf.clone(x);
    return this.augmenter.augmentTensor(x, this.calls++);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own = JSON.parse(JSON.stringify(this.args)) as JsonObject;
    return { ...super.getConfig(), ...(own as tf.serialization.ConfigDict) };
  }
}

tf.serialization.registerClass(ImageAugmentation);
