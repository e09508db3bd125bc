/**
 * Grad-CAM (Selvaraju et al. 2017) for CNNs: weight the last conv layer's feature maps
 * by the spatial mean of the class score's gradient with respect to them, sum, ReLU,
 * and upsample to the input. The class score is taken before a final softmax.
 */
import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { applyChain, chainLayers, differentiable } from './differentiable.ts';
import { resolveTargets, type Target } from './gradients.ts';

/** Grad-CAM maps: `values` rows × H × W at input resolution; `cam` rows × h × w at the conv layer's. */
export interface GradCamResult {
  method: 'grad-cam';
  layer: string;
  rows: number;
  /** [H, W] of the input. */
  inputShape: number[];
  values: Float32Array;
  /** [h, w] of the conv layer's output. */
  camShape: [number, number];
  cam: Float32Array;
  targets: Int32Array;
}

/** Index in `layers` of the layer named `name`, or of the last Conv2D layer. */
function convIndex(layers: tf.layers.Layer[], name: string | undefined, where: string): number {
  const i =
    name === undefined
      ? layers.map((l) => l.getClassName()).lastIndexOf('Conv2D')
      : layers.findIndex((l) => l.name === name);
  if (i < 0) {
    throw new FrontierError(
      'EXPLAIN_NO_CONV_LAYER',
      name === undefined ? 'the model has no Conv2D layer' : `the model has no layer named "${name}"`,
      {
        where,
        hint: `Grad-CAM needs a conv layer; layers: ${layers.map((l) => `${l.name} (${l.getClassName()})`).join(', ')}`,
      },
    );
  }
  const shape = layers[i].outputShape as number[];
  if (shape.length !== 4) {
    throw new FrontierError(
      'EXPLAIN_NO_CONV_LAYER',
      `layer "${layers[i].name}" outputs shape [${shape.join(', ')}], not feature maps`,
      {
        where,
        hint: 'pick a layer with a [batch, height, width, channels] output',
      },
    );
  }
  return i;
}

/**
 * Grad-CAM of `rows` NHWC images `x` (flat) on a single-chain CNN, for `target` (default
 * each image's top class), at the layer `layerName` (default the last Conv2D).
 */
export function gradCam(
  model: tf.LayersModel,
  x: Float32Array,
  rows: number,
  opts: { layerName?: string; target?: Target } = {},
): GradCamResult {
  const layers = chainLayers(model);
  const where = `Grad-CAM on model "${model.name}"`;
  const ci = convIndex(layers, opts.layerName, where);
  const dm = differentiable(model);
  const size = dm.inputShape.reduce((a, b) => a * b, 1);
  if (x.length !== rows * size) {
    throw new FrontierError(
      'EXPLAIN_BAD_INPUT',
      `x holds ${x.length} values, not ${rows} images of ${dm.inputShape.join('×')}`,
      {
        where,
        hint: 'pass NHWC images flattened row by row',
      },
    );
  }
  const targets = resolveTargets(dm, x, rows, opts.target ?? 'top');
  const [H, W] = dm.inputShape;
  const [cam, up, h, w] = tf.tidy(() => {
    const inp = tf.tensor(x, [rows, ...dm.inputShape]);
    const acts = applyChain(layers.slice(0, ci + 1), inp, false) as tf.Tensor4D;
    const head = (a: tf.Tensor): tf.Tensor =>
      tf.reshape(applyChain(layers.slice(ci + 1), a, true), [rows, -1]);
    const hot = new Float32Array(rows * dm.outputs);
    targets.forEach((t, r) => (hot[r * dm.outputs + t] = 1));
    const mask = tf.tensor2d(hot, [rows, dm.outputs]);
    const grads = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(head(a), mask)))(acts);
    const alpha = tf.mean(grads, [1, 2], true);
    const c = tf.relu(tf.sum(tf.mul(acts, alpha), 3, true)) as tf.Tensor4D;
    const u = tf.image.resizeBilinear(c, [H, W], true);
    return [c.dataSync() as Float32Array, u.dataSync() as Float32Array, acts.shape[1], acts.shape[2]];
  });
  return {
    method: 'grad-cam',
    layer: layers[ci].name,
    rows,
    inputShape: [H, W],
    values: up,
    camShape: [h, w],
    cam,
    targets,
  };
}

/** One layer's activations for one input: `values` in the layer's output shape (without batch). */
export interface LayerActivation {
  layer: string;
  className: string;
  shape: number[];
  values: Float32Array;
}

/**
 * The activations of every layer (or those of class `only`, e.g. `Conv2D`) of a
 * single-chain model for one input row, in layer order: what each layer extracts.
 */
export function layerActivations(
  model: tf.LayersModel,
  x: Float32Array,
  opts: { only?: string } = {},
): LayerActivation[] {
  const layers = chainLayers(model);
  const inShape = model.inputs[0].shape.slice(1).map((d) => d ?? 1);
  const out: LayerActivation[] = [];
  tf.tidy(() => {
    let h: tf.Tensor = tf.tensor(x, [1, ...inShape]);
    for (const layer of layers) {
      h = layer.apply(h, { training: false }) as tf.Tensor;
      if (opts.only === undefined || layer.getClassName() === opts.only) {
        out.push({
          layer: layer.name,
          className: layer.getClassName(),
          shape: h.shape.slice(1),
          values: h.dataSync() as Float32Array,
        });
      }
    }
  });
  return out;
}
