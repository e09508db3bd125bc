import * as tf from '@tensorflow/tfjs';
import { fileSystem, INT8_DTYPE, loadModel, modelFileSize, type LoadLimits } from '../io/index.ts';
import { FrontierError } from '../util/errors.ts';
import { modelArtifacts } from './weight-quantization.ts';

/** A tensor quantized to int8 symmetrically per channel of its last axis: `w ≈ q · scales[c]`. */
export interface Int8PerChannel {
  shape: number[];
  data: Int8Array;
  /** One scale per channel of the last axis: max |w_c| / 127 (at least 2^-126; 1 for an all-zero channel). */
  scales: Float32Array;
}

/**
 * Symmetric per-channel int8 quantization along the last axis (the output channel of
 * Dense [in, out] and Conv2D [kh, kw, in, out] kernels), codes in [−127, 127] as in
 * TFLite's int8 weight spec. Contract: |w − q·scale_c| ≤ scale_c / 2 for every element,
 * and 0 maps to 0. Throws FrontierError on NaN or ±Infinity.
 */
export function quantizeInt8PerChannel(values: ArrayLike<number>, shape: number[]): Int8PerChannel {
  const channels = shape.length === 0 ? 1 : shape[shape.length - 1];
  const n = values.length;
  if (channels === 0 || n % channels !== 0) {
    throw new FrontierError('QUANTIZE_SHAPE', `shape [${shape}] does not match ${n} values`, {
      where: `shape [${shape}]`,
      hint: 'pass the tensor shape of the values',
    });
  }
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new FrontierError('QUANTIZE_NON_FINITE', `cannot quantize ${v} (element ${i})`, {
        where: `element ${i}`,
        hint: 'the weights hold NaN or Infinity; retrain or fix the model before quantizing',
      });
    }
    const c = i % channels;
    const a = Math.abs(v);
    if (a > maxAbs[c]) maxAbs[c] = a;
  }
  // a floor at the smallest normal float32 keeps the scale from underflowing to 0
  const scales = maxAbs.map((m) => (m > 0 ? Math.max(m / 127, 2 ** -126) : 1));
  const data = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const q = Math.round(values[i] / scales[i % channels]);
    data[i] = q > 127 ? 127 : q < -127 ? -127 : q;
  }
  return { shape: [...shape], data, scales };
}

/** Decodes {@link Int8PerChannel} back to float32: `q · scales[c]`. */
export function dequantizeInt8PerChannel(q: Int8PerChannel): Float32Array {
  const channels = q.scales.length;
  const out = new Float32Array(q.data.length);
  for (let i = 0; i < out.length; i++) out[i] = q.data[i] * q.scales[i % channels];
  return out;
}

/** Whether a weight is a kernel (quantized to int8); biases and others stay float32. */
function isKernel(name: string, rank: number): boolean {
  return rank >= 2 && /kernel$/.test(name);
}

/**
 * Returns a copy of `model` whose kernels went through int8 per-channel
 * quantize→dequantize (what an int8 runtime computes with), biases untouched.
 * The input model is not modified.
 */
export async function int8Dequantized(model: tf.LayersModel): Promise<tf.LayersModel> {
  const clone = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as never });
  const weights = model.weights.map((w, i) => {
    const t = model.getWeights()[i];
    if (!isKernel(w.originalName, t.rank)) return t.clone();
    const q = quantizeInt8PerChannel(t.dataSync(), t.shape);
    return tf.tensor(dequantizeInt8PerChannel(q), t.shape);
  });
  clone.setWeights(weights);
  tf.dispose(weights);
  return clone;
}

/** On-disk size of an int8 model folder: model.json + weights.bin, raw and gzipped. */
export interface Int8Size {
  rawBytes: number;
  gzipBytes: number;
}

/**
 * The tfjs artifacts of `model` with every kernel (a weight named `…/kernel` of rank ≥ 2)
 * stored as Frontier int8: one signed byte per element and the per-channel scales in the
 * manifest entry's `quantization: { dtype: 'int8', scales }`. Biases and other weights
 * stay as they are. Pure with respect to `model`.
 */
export async function int8Artifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  const artifacts = await modelArtifacts(model);
  const source = new Uint8Array(
    artifacts.weightData === undefined
      ? new ArrayBuffer(0)
      : tf.io.CompositeArrayBuffer.join(artifacts.weightData),
  );
  const chunks: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = size * (spec.dtype === 'bool' ? 1 : 4);
    const raw = source.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32' || spec.quantization || !isKernel(spec.name, spec.shape.length)) {
      chunks.push(raw);
      specs.push({ ...spec });
      continue;
    }
    const q = quantizeInt8PerChannel(new Float32Array(raw.buffer), spec.shape);
    chunks.push(new Uint8Array(q.data.buffer));
    // The manifest type only lists tfjs's own quantization dtypes; int8 is Frontier's.
    const quantization = {
      dtype: INT8_DTYPE,
      scales: [...q.scales],
    } as unknown as tf.io.WeightsManifestEntry['quantization'];
    specs.push({ ...spec, quantization });
  }
  return { ...artifacts, weightSpecs: specs, weightData: concat(chunks).buffer as ArrayBuffer };
}

/**
 * Writes `model` to `dir` in Frontier's int8 format: a standard tfjs folder
 * (model.json + weights.bin, written atomically) whose kernels are int8 per-channel
 * (see {@link int8Artifacts}). Frontier's `loadModel` (and {@link loadInt8}) load it with
 * the kernels dequantized; stock `tf.loadLayersModel` refuses it with "unknown
 * quantization dtype int8" instead of loading wrong weights. Returns the folder's size.
 */
export async function saveInt8(model: tf.LayersModel, dir: string): Promise<Int8Size> {
  await fileSystem(dir).save!(await int8Artifacts(model));
  const { rawBytes, gzipBytes } = await modelFileSize(dir);
  return { rawBytes, gzipBytes };
}

/**
 * Loads a folder written by {@link saveInt8}, dequantizing the kernels to float32. It is
 * `loadModel`: the same hardened reader (path confinement, size caps, scale counts,
 * trailing bytes, dtypes), which loads every other format as well.
 */
export async function loadInt8(dir: string, limits: LoadLimits = {}): Promise<tf.LayersModel> {
  return loadModel(dir, limits);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
