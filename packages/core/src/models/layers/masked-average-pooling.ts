import * as tf from '@tensorflow/tfjs';

/**
 * Mean over the time axis of [b, t, d] → [b, d] that counts only unmasked steps
 * (Keras GlobalAveragePooling1D with a mask). Without a mask it is the plain mean.
 * A row whose steps are all masked yields zeros rather than NaN. Consumes the mask.
 * Serialized as 'FrontierMaskedGlobalAveragePooling1D'.
 */
export class MaskedGlobalAveragePooling1D extends tf.layers.Layer {
  static className = 'FrontierMaskedGlobalAveragePooling1D';
  constructor(args: NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]> = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    return [s[0], s[2]];
  }

  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor; // the mask ends here; tfjs's typings lack the null
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const mask = kwargs.mask as unknown as tf.Tensor | undefined;
      if (!mask) return tf.mean(x, 1);
      const m = tf.expandDims(tf.cast(mask, 'float32'), -1); // [b, t, 1]
      return tf.div(tf.sum(tf.mul(x, m), 1), tf.maximum(tf.sum(m, 1), 1));
    });
  }
}
tf.serialization.registerClass(MaskedGlobalAveragePooling1D);
