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
