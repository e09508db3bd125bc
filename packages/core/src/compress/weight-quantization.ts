import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { fileSystem } from '../io/index.ts';
import { quantizeAffine } from './affine.ts';
import { encodeFloat16, FLOAT16_MAX } from './float16.ts';

/** The storage dtypes of tfjs weights-manifest quantization. */
export type WeightQuantDtype = 'float16' | 'uint8' | 'uint16';

/** The dtypes of {@link WeightQuantDtype}, in order of decreasing size. */
export const WEIGHT_QUANT_DTYPES: readonly WeightQuantDtype[] = ['uint16', 'float16', 'uint8'];

/**
 * Options of post-training weight quantization. Defaults: every float32 weight with at
 * least `minElements` = 1 element is quantized (tfjs-converter's default); set e.g. 1024
 * to keep small tensors such as biases in float32.
 */
export interface WeightQuantOptions {
  dtype: WeightQuantDtype;
  minElements?: number;
}

/**
 * Re-encodes the float32 weights of tfjs `artifacts` in the weights-manifest
 * quantization format (`quantization: { dtype, scale?, min? }` on each spec, values
 * packed as that dtype), so that stock `tf.loadLayersModel` dequantizes them. Pure:
 * returns new artifacts and leaves the input alone. Weights that are not float32, or
 * smaller than `minElements`, are copied unchanged. Throws FrontierError when a
 * float16 weight exceeds ±65504 or a weight is not finite.
 */
export function quantizeArtifacts(
  artifacts: tf.io.ModelArtifacts,
  opts: WeightQuantOptions,
): tf.io.ModelArtifacts {
  const specs = artifacts.weightSpecs ?? [];
  const buffer =
    artifacts.weightData === undefined
      ? new ArrayBuffer(0)
      : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const minElements = opts.minElements ?? 1;
  const chunks: Uint8Array[] = [];
  const outSpecs: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) {
      throw new FrontierError('QUANTIZE_ALREADY_QUANTIZED', `weight ${spec.name} is already quantized`, {
        hint: 'quantize the float32 model, not an already-quantized one',
      });
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = size * (spec.dtype === 'bool' ? 1 : 4);
    const raw = new Uint8Array(buffer, offset, bytes);
    offset += bytes;
    if (spec.dtype !== 'float32' || size < minElements) {
      chunks.push(raw.slice());
      outSpecs.push({ ...spec });
      continue;
    }
    const values = new Float32Array(raw.slice().buffer);
    if (opts.dtype === 'float16') {
      for (let i = 0; i < values.length; i++) {
        if (!(Math.abs(values[i]) <= FLOAT16_MAX)) {
          throw new FrontierError(
            'QUANTIZE_FLOAT16_RANGE',
            `weight ${spec.name}[${i}] = ${values[i]} does not fit float16 (|x| ≤ ${FLOAT16_MAX})`,
            { where: spec.name, hint: 'use uint8 or uint16 quantization for this model' },
          );
        }
      }
      chunks.push(new Uint8Array(encodeFloat16(values).buffer));
      outSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      const q = quantizeAffine(values, opts.dtype);
      chunks.push(new Uint8Array(q.data.buffer));
      outSpecs.push({ ...spec, quantization: { dtype: opts.dtype, scale: q.scale, min: q.min } });
    }
  }
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    weightData.set(c, at);
    at += c.byteLength;
  }
  return { ...artifacts, weightSpecs: outSpecs, weightData: weightData.buffer };
}

/** The tfjs artifacts (topology, specs, weight bytes) of `model`, as `model.save` produces them. */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  return captured as tf.io.ModelArtifacts;
}

/**
 * Saves `model` with quantized weights to folder `dir` (model.json + weights.bin, written
 * atomically by Frontier's file handler). The folder loads with stock
 * `tf.loadLayersModel`, with Frontier's `loadModel`, or in a browser; weights come
 * back dequantized to float32.
 */
export async function saveQuantized(
  model: tf.LayersModel,
  dir: string,
  opts: WeightQuantOptions,
): Promise<void> {
  const artifacts = quantizeArtifacts(await modelArtifacts(model), opts);
  await fileSystem(dir).save!(artifacts);
}

/**
 * Quantizes `model`'s weights and loads them back in memory through stock tfjs
 * (`tf.io.fromMemory`), returning the dequantized float32 model (what an app that
 * loads the quantized file runs) and the quantized artifacts. The input is unchanged.
 */
export async function quantizeWeights(
  model: tf.LayersModel,
  opts: WeightQuantOptions,
): Promise<{ model: tf.LayersModel; artifacts: tf.io.ModelArtifacts }> {
  const artifacts = quantizeArtifacts(await modelArtifacts(model), opts);
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { model: loaded, artifacts };
}
