import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';

/** A deep copy of `model` (same topology, copied weights); the input is untouched. */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  const clone = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as never });
  clone.setWeights(model.getWeights());
  return clone;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** The layers of a Sequential model's JSON topology (throws for functional models). */
export function sequentialLayers(model: tf.LayersModel): {
  topology: { class_name: string; config: { layers: LayerJson[] } };
  layers: LayerJson[];
} {
  const topology = model.toJSON(null, false) as unknown as {
    class_name: string;
    config: { layers: LayerJson[] };
  };
  if (topology.class_name !== 'Sequential' || !Array.isArray(topology.config?.layers)) {
    throw new FrontierError(
      'COMPRESS_NOT_SEQUENTIAL',
      `model ${model.name} is a ${topology.class_name}, not a Sequential model`,
      {
        where: model.name,
        hint: 'structured pruning and student building support Sequential models (buildModel makes them)',
      },
    );
  }
  return { topology, layers: topology.config.layers };
}

/** The width key of a layer's config: `units` (Dense) or `filters` (Conv2D), else undefined. */
export function widthKey(layer: LayerJson): 'units' | 'filters' | undefined {
  if (layer.class_name === 'Dense') return 'units';
  if (layer.class_name === 'Conv2D') return 'filters';
  return undefined;
}

/**
 * Builds a fresh model (new random weights from the layer initializers) with the
 * topology of `model` and the Dense `units` / Conv2D `filters` of the layers named in
 * `widths` replaced.
 */
export async function resizedModel(
  model: tf.LayersModel,
  widths: Record<string, number>,
): Promise<tf.LayersModel> {
  const { topology, layers } = sequentialLayers(model);
  for (const layer of layers) {
    const name = layer.config.name as string;
    const key = widthKey(layer);
    if (key && widths[name] !== undefined) layer.config[key] = widths[name];
  }
  return tf.models.modelFromJSON({ modelTopology: topology as never });
}

/**
 * The hidden layers whose width can change: every Dense/Conv2D layer except the last
 * one with a width (the output), with their current widths, in order.
 */
export function hiddenWidths(
  model: tf.LayersModel,
): Array<{ name: string; kind: 'units' | 'filters'; width: number }> {
  const { layers } = sequentialLayers(model);
  const sized = layers
    .map((l) => ({ l, key: widthKey(l) }))
    .filter((e): e is { l: LayerJson; key: 'units' | 'filters' } => e.key !== undefined);
  return sized
    .slice(0, -1)
    .map(({ l, key }) => ({ name: l.config.name as string, kind: key, width: l.config[key] as number }));
}
