/**
 * The reference models of the benchmark and the training tests, with seeded
 * initializers so that every backend starts from the same weights.
 */
import * as tf from '@tensorflow/tfjs';

import { seededRandom, uniform } from '../random.ts';

/** Conv2D 32 3x3 relu -> MaxPool 2 -> Flatten -> Dense 128 relu -> Dense 10 softmax. */
export function mnistCnn(seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: 32,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(
    tf.layers.dense({
      units: 128,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 10,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    }),
  );
  return model;
}

/** Dense 784-512-512-10, relu, softmax. */
export function mlp(seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [784],
      units: 512,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 512,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 10,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    }),
  );
  return model;
}

/** Seeded MNIST-shaped batch: pixels in [0,1), one-hot labels. */
export function randomBatch(
  seed: number,
  batch: number,
  inputShape: number[],
): { x: tf.Tensor; y: tf.Tensor } {
  const rand = seededRandom(seed);
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(uniform(rand, batch * size, 0, 1), [batch, ...inputShape], 'float32');
  const labels = new Int32Array(batch).map(() => Math.floor(rand() * 10));
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat();
  return { x, y };
}

/** One optimizer step on categorical cross-entropy; returns the loss before the step. */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  y: tf.Tensor,
): number {
  const cost = optimizer.minimize(
    () => tf.metrics.categoricalCrossentropy(y, model.apply(x) as tf.Tensor).mean() as tf.Scalar,
    true,
  );
  const loss = cost!.dataSync()[0];
  cost!.dispose();
  return loss;
}
