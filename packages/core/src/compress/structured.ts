import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { hiddenWidths, resizedModel, sequentialLayers } from './surgery.ts';

/**
 * Options of {@link pruneStructured}. `fraction` of each hidden Dense/Conv2D layer's
 * output units/filters is removed (at least one kept), by smallest L1 norm
 * (Li et al. 2017, "Pruning Filters for Efficient ConvNets"). `fractions` overrides
 * it per layer name.
 */
export interface StructuredPruneOptions {
  fraction: number;
  fractions?: Record<string, number>;
}

/** Per-layer result: widths before and after, and which channels were kept. */
export interface StructuredPruneReport {
  layers: Array<{ layer: string; before: number; after: number; kept: number[] }>;
}

const CHANNEL_PRESERVING = new Set(['MaxPooling2D', 'AveragePooling2D', 'Dropout', 'Activation', 'ReLU']);

/**
 * Structured filter/unit pruning that really shrinks the layers: returns a new,
 * smaller Sequential model whose hidden Dense units / Conv2D filters with the smallest
 * L1 norms are removed, together with the matching input rows of the next layer
 * (through pooling, dropout and Flatten), so it computes with fewer FLOPs. The input
 * model is untouched. Supported layers: Dense, Conv2D, MaxPooling2D,
 * AveragePooling2D, Dropout, Activation, Flatten.
 */
export async function pruneStructured(
  model: tf.LayersModel,
  opts: StructuredPruneOptions,
): Promise<{ model: tf.LayersModel; report: StructuredPruneReport }> {
  const { layers: json } = sequentialLayers(model);
  const hidden = new Map(hiddenWidths(model).map((h) => [h.name, h]));
  const keepOf = new Map<string, number[]>();
  for (const layer of model.layers) {
    const h = hidden.get(layer.name);
    if (!h) continue;
    const f = opts.fractions?.[layer.name] ?? opts.fraction;
    if (!(f >= 0 && f < 1)) {
      throw new FrontierError('PRUNE_FRACTION', `fraction for ${layer.name} must be in [0, 1), got ${f}`, {
        where: opts.fractions?.[layer.name] !== undefined ? `fractions.${layer.name}` : 'fraction',
      });
    }
    const kernel = layer.getWeights()[0];
    const norms = tf.tidy(
      () => tf.sum(tf.abs(tf.reshape(kernel, [-1, h.width])), 0).dataSync() as Float32Array,
    );
    const keepCount = Math.max(1, h.width - Math.round(f * h.width));
    const order = Array.from(norms.keys()).sort((a, b) => norms[b] - norms[a] || a - b);
    keepOf.set(
      layer.name,
      order.slice(0, keepCount).sort((a, b) => a - b),
    );
  }
  const small = await resizedModel(
    model,
    Object.fromEntries([...keepOf].map(([name, keep]) => [name, keep.length])),
  );

  // walk the chain, tracking which input features of the next layer survive
  let inKeep: number[] | undefined; // kept channels (or features) feeding the current layer
  model.layers.forEach((layer, i) => {
    const cls = json[i].class_name;
    const target = small.layers[i];
    if (cls === 'Dense' || cls === 'Conv2D') {
      const [kernel, ...rest] = layer.getWeights();
      const outAxis = kernel.rank - 1;
      const outKeep = keepOf.get(layer.name);
      const w = tf.tidy(() => {
        let k = kernel;
        if (inKeep) k = tf.gather(k, inKeep, outAxis - 1);
        if (outKeep) k = tf.gather(k, outKeep, outAxis);
        const others = rest.map((b) => (outKeep ? tf.gather(b, outKeep, 0) : b.clone()));
        return [k, ...others];
      });
      target.setWeights(w);
      tf.dispose(w);
      inKeep = outKeep;
    } else if (cls === 'Flatten') {
      if (inKeep) {
        const shape = (layer.input as tf.SymbolicTensor).shape as number[]; // [null, h, w, c]
        const channels = shape[shape.length - 1];
        const positions = shape.slice(1, -1).reduce((a, b) => a * b, 1);
        const features: number[] = [];
        for (let p = 0; p < positions; p++) for (const c of inKeep) features.push(p * channels + c);
        inKeep = features;
      }
    } else if (!CHANNEL_PRESERVING.has(cls) && cls !== 'InputLayer') {
      throw new FrontierError(
        'PRUNE_LAYER_UNSUPPORTED',
        `structured pruning does not support layer ${layer.name} (${cls})`,
        {
          where: layer.name,
          hint: `supported: Dense, Conv2D, Flatten, ${[...CHANNEL_PRESERVING].join(', ')}`,
        },
      );
    } else if (layer.getWeights().length > 0) {
      target.setWeights(layer.getWeights());
    }
  });
  const report: StructuredPruneReport = {
    layers: [...keepOf].map(([name, kept]) => ({
      layer: name,
      before: hidden.get(name)!.width,
      after: kept.length,
      kept,
    })),
  };
  return { model: small, report };
}
