import type * as tf from '@tensorflow/tfjs';

/**
 * A Keras-like summary table of `model`: one row per layer with its output shape
 * and parameter count, then total, trainable and non-trainable parameters.
 */
export function summary(model: tf.LayersModel): string {
  const lines: string[] = [];
  model.summary(90, [0.4, 0.75, 1], (line: string) => lines.push(line));
  return lines.join('\n');
}

/** Number of scalar parameters in `model` (trainable and not). */
export function countParams(model: tf.LayersModel): number {
  return model.weights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}
