/** Models as differentiable tfjs functions, for the gradient methods (saliency, IG, SmoothGrad, Grad-CAM). */
import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';

/** A tfjs function from a batch `[rows, ...inputShape]` to `[rows, outputs]` that tf.grad can differentiate. */
export interface DifferentiableModel {
  readonly inputShape: number[];
  readonly outputs: number;
  apply(x: tf.Tensor): tf.Tensor2D;
}

/** The layers of a single-chain model in order, without its InputLayer. */
export function chainLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  layers.forEach((layer, i) => {
    const inbound = layer.inboundNodes.flatMap((n) => n.inboundLayers);
    const prev = i === 0 ? undefined : layers[i - 1];
    const ok =
      prev === undefined
        ? inbound.every((l) => l.getClassName() === 'InputLayer')
        : inbound.length === 1 && inbound[0] === prev;
    if (!ok) {
      throw new FrontierError(
        'EXPLAIN_NOT_A_CHAIN',
        `layer "${layer.name}" does not take its input from the layer before it`,
        {
          where: `model "${model.name}"`,
          hint: 'gradient methods that split the model need a sequential (single-chain) model',
        },
      );
    }
  });
  return layers;
}

/**
 * Applies `layers` to `x` in order; when `preSoftmax` is set and the last layer is a Dense
 * layer with softmax activation, returns its logits (kernel·h + bias) instead of probabilities.
 */
export function applyChain(layers: tf.layers.Layer[], x: tf.Tensor, preSoftmax: boolean): tf.Tensor {
  let h = x;
  layers.forEach((layer, i) => {
    const last = i === layers.length - 1;
    const cfg = layer.getConfig() as { activation?: string; useBias?: boolean };
    if (last && preSoftmax && layer.getClassName() === 'Dense' && cfg.activation === 'softmax') {
      const [kernel, bias] = layer.getWeights();
      h = tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D);
      if (cfg.useBias !== false && bias) h = tf.add(h, bias);
    } else {
      h = layer.apply(h, { training: false }) as tf.Tensor;
    }
  });
  return h;
}

/**
 * A tfjs LayersModel as a DifferentiableModel. With `preSoftmax` (default false) a final
 * softmax Dense layer yields logits, the class scores Grad-CAM and logit attributions use;
 * that needs a single-chain model. Outputs are flattened to `[rows, outputs]`.
 */
export function differentiable(
  model: tf.LayersModel,
  opts: { preSoftmax?: boolean } = {},
): DifferentiableModel {
  const inputShape = model.inputs[0].shape.slice(1).map((d) => d ?? 1);
  const outputs = model.outputs[0].shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
  const layers = opts.preSoftmax ? chainLayers(model) : undefined;
  return {
    inputShape,
    outputs,
    apply(x: tf.Tensor): tf.Tensor2D {
      const y = layers ? applyChain(layers, x, true) : (model.apply(x, { training: false }) as tf.Tensor);
      return tf.reshape(y, [x.shape[0], outputs]);
    },
  };
}

/** Number of input values per row of `dm`. */
export function rowSize(dm: DifferentiableModel): number {
  return dm.inputShape.reduce((a, b) => a * b, 1);
}
