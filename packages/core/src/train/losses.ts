import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';

/** Loss names accepted in configs, as Keras spells them. */
export type LossName = 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'meanSquaredError';
export const LOSSES: readonly LossName[] = [
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'meanSquaredError',
];

/** Mean loss over the batch. `pred` holds probabilities for the cross-entropies. */
export function computeLoss(name: LossName, yTrue: tf.Tensor, pred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (name) {
      case 'categoricalCrossentropy':
        return crossEntropy(yTrue, pred);
      case 'sparseCategoricalCrossentropy':
        return crossEntropy(
          tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), 'int32'), pred.shape[1] as number),
          pred,
        );
      case 'meanSquaredError':
        return tf.mean(tf.square(tf.sub(tf.reshape(yTrue, pred.shape), pred)));
      default:
        throw new FrontierError('UNKNOWN_LOSS', `unknown loss ${JSON.stringify(name)}`, {
          where: 'train.loss',
          hint: `use one of: ${LOSSES.join(', ')}`,
        });
    }
  });
}

/** −Σ y·log(p), with p clipped to [ε, 1−ε] as Keras does, averaged over the batch. */
function crossEntropy(yTrue: tf.Tensor, pred: tf.Tensor): tf.Scalar {
  const p = tf.clipByValue(pred, 1e-7, 1 - 1e-7);
  return tf.mean(tf.neg(tf.sum(tf.mul(yTrue, tf.log(p)), -1)));
}

/** Number of correct arg-max predictions in the batch (classification losses only). */
export function countCorrect(name: LossName, yTrue: tf.Tensor, pred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const truth =
      name === 'sparseCategoricalCrossentropy'
        ? tf.cast(tf.reshape(yTrue, [-1]), 'int32')
        : tf.argMax(yTrue, -1);
    return tf.sum(tf.cast(tf.equal(truth, tf.argMax(pred, -1)), 'float32'));
  });
}

/** True when accuracy is meaningful for this loss. */
export function isClassification(name: LossName): boolean {
  return name !== 'meanSquaredError';
}
