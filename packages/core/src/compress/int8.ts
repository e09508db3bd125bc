import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSize } from '../io/index.ts';
import { FrontierError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic.ts';

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

interface Int8Entry {
  name: string;
  shape: number[];
  dtype: 'int8' | 'float32';
  scales?: number[];
}

/** On-disk size of an int8 model folder: model.json + weights.bin, raw and gzipped. */
export interface Int8Size {
  rawBytes: number;
  gzipBytes: number;
}

/**
 * Writes `model` to `dir` in Frontier's int8 format: `model.json` holds the tfjs
 * topology and `{ format: 'frontier-int8', weights: [{ name, shape, dtype, scales? }] }`,
 * `weights.bin` the int8 kernels (per-channel scales in model.json) then float32 rest.
 * Stock tfjs cannot read it (its manifest has no per-channel int8); {@link loadInt8} can.
 * Returns the folder's size.
 */
export async function saveInt8(model: tf.LayersModel, dir: string): Promise<Int8Size> {
  const entries: Int8Entry[] = [];
  const chunks: Uint8Array[] = [];
  model.getWeights().forEach((t, i) => {
    const name = model.weights[i].originalName;
    if (isKernel(name, t.rank)) {
      const q = quantizeInt8PerChannel(t.dataSync(), t.shape);
      entries.push({ name, shape: t.shape, dtype: 'int8', scales: [...q.scales] });
      chunks.push(new Uint8Array(q.data.buffer));
    } else {
      entries.push({ name, shape: t.shape, dtype: 'float32' });
      chunks.push(new Uint8Array(Float32Array.from(t.dataSync()).buffer));
    }
  });
  const bin = Buffer.concat(chunks);
  const json = JSON.stringify({
    format: 'frontier-int8',
    modelTopology: model.toJSON(null, false),
    weights: entries,
  });
  await writeFileAtomic(join(dir, 'weights.bin'), bin);
  await writeFileAtomic(join(dir, 'model.json'), json);
  const jsonBytes = Buffer.from(json);
  return {
    rawBytes: jsonBytes.byteLength + bin.byteLength,
    gzipBytes: (await gzipSize(jsonBytes)) + (await gzipSize(bin)),
  };
}

/** Loads a folder written by {@link saveInt8}, dequantizing the kernels to float32. */
export async function loadInt8(dir: string): Promise<tf.LayersModel> {
  const path = join(dir, 'model.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as {
    format?: string;
    modelTopology: object;
    weights: Int8Entry[];
  };
  if (json.format !== 'frontier-int8') {
    throw new FrontierError(
      'INT8_FORMAT',
      `${path} is not a frontier-int8 model (format ${String(json.format)})`,
      {
        where: path,
        hint: 'write it with saveInt8 or `frontier quantize --dtype int8`',
      },
    );
  }
  const bin = await readFile(join(dir, 'weights.bin'));
  let offset = 0;
  const tensors = json.weights.map((e) => {
    const n = e.shape.reduce((a, b) => a * b, 1);
    const bytes = e.dtype === 'int8' ? n : 4 * n;
    if (offset + bytes > bin.byteLength) {
      throw new FrontierError('INT8_TRUNCATED', `${dir}/weights.bin ends before weight ${e.name}`, {
        where: `${dir}/weights.bin@${offset}`,
        hint: 'the folder is incomplete; save the model again',
      });
    }
    const slice = bin.subarray(offset, offset + bytes);
    offset += bytes;
    if (e.dtype === 'float32') return tf.tensor(new Float32Array(Uint8Array.from(slice).buffer), e.shape);
    const q = {
      shape: e.shape,
      data: new Int8Array(Uint8Array.from(slice).buffer),
      scales: Float32Array.from(e.scales ?? []),
    };
    return tf.tensor(dequantizeInt8PerChannel(q), e.shape);
  });
  const model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology as never });
  model.setWeights(tensors);
  tf.dispose(tensors);
  return model;
}
