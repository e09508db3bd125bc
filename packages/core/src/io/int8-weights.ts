// Frontier's int8 per-channel weights inside a standard tfjs weights manifest.
//
// A kernel is stored as `{ name, shape, dtype: 'float32', quantization: { dtype: 'int8',
// scales: [...] } }`: one signed byte per element, w ≈ q · scales[c] with c the index on the
// last axis. Stock tfjs (4.22) knows only uint8/uint16/float16 quantization and throws
// "unknown quantization dtype int8" when it decodes such a manifest, so an int8 folder
// either loads with the right weights (through Frontier's loader) or fails loudly; it can
// never load with random weights.
import type { io } from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';

/** The manifest quantization dtype of Frontier's per-channel int8 weights. */
export const INT8_DTYPE = 'int8';

/** Number of per-channel scales an int8 weight of `shape` carries: the last dimension (1 for a scalar). */
export function int8ChannelCount(shape: readonly number[]): number {
  return shape.length === 0 ? 1 : shape[shape.length - 1];
}

/**
 * Checks the `quantization` object of an int8 manifest entry (pure): the weight is
 * float32, `scales` is a list of finite positive numbers, one per channel of the last
 * axis (`MODEL_WEIGHT_SCALES_INVALID` naming `label`, which names the model.json), and
 * `scale`/`min` (the affine fields of uint8/uint16) are absent.
 */
export function checkInt8Quantization(
  q: Record<string, unknown>,
  dtype: string,
  shape: readonly number[],
  label: string,
  at: string,
): void {
  const fail = (code: string, why: string): never => {
    throw new FrontierError(code, `${label}: int8 quantization ${why}`, {
      where: at,
      hint: 'int8 quantization is { dtype: "int8", scales: [one positive number per output channel] }; quantize the float32 model again',
    });
  };
  if (dtype !== 'float32')
    fail('MODEL_WEIGHT_QUANTIZATION_INVALID', `applies to float32 weights, not ${dtype}`);
  if (q.scale !== undefined || q.min !== undefined) {
    fail('MODEL_WEIGHT_QUANTIZATION_INVALID', 'takes per-channel scales, not scale/min');
  }
  const channels = int8ChannelCount(shape);
  if (!Array.isArray(q.scales)) return fail('MODEL_WEIGHT_SCALES_INVALID', 'has no scales list');
  if (q.scales.length !== channels) {
    fail(
      'MODEL_WEIGHT_SCALES_INVALID',
      `has ${q.scales.length} scales for ${channels} channels (the last axis of shape [${shape.join(', ')}])`,
    );
  }
  q.scales.forEach((s, i) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) {
      fail('MODEL_WEIGHT_SCALES_INVALID', `scale ${i} is ${JSON.stringify(s)}, not a finite positive number`);
    }
  });
}

/** Whether any weight of `specs` is stored as Frontier int8. */
export function hasInt8Weights(specs: readonly io.WeightsManifestEntry[] | undefined): boolean {
  return (specs ?? []).some((s) => (s.quantization?.dtype as string | undefined) === INT8_DTYPE);
}

/**
 * Returns `artifacts` with every int8 weight decoded to float32 (`q · scales[c]`), its
 * spec left without `quantization`, so tfjs can build the model; other weights are copied
 * byte for byte. Pure; returns the input itself when it holds no int8 weight. The specs
 * must already have passed `validateWeightsManifest`, which checks sizes and scale counts.
 */
export function decodeInt8Artifacts(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const specs = artifacts.weightSpecs ?? [];
  if (!hasInt8Weights(specs)) return artifacts;
  const source = new Uint8Array(joinBuffers(artifacts.weightData));
  const chunks: Uint8Array[] = [];
  const outSpecs: io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const qdtype = spec.quantization?.dtype as string | undefined;
    if (qdtype === INT8_DTYPE) {
      const scales = (spec.quantization as unknown as { scales: number[] }).scales;
      const codes = new Int8Array(source.buffer, source.byteOffset + offset, size);
      const channels = scales.length;
      const values = new Float32Array(size);
      for (let i = 0; i < size; i++) values[i] = codes[i] * scales[i % channels];
      chunks.push(new Uint8Array(values.buffer));
      const { quantization: _q, ...plain } = spec;
      outSpecs.push(plain);
      offset += size;
      continue;
    }
    const bytes = size * bytesPerElement(spec);
    chunks.push(source.subarray(offset, offset + bytes));
    outSpecs.push(spec);
    offset += bytes;
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

function bytesPerElement(spec: io.WeightsManifestEntry): number {
  const q = spec.quantization?.dtype;
  if (q === 'uint8') return 1;
  if (q === 'uint16' || q === 'float16') return 2;
  return spec.dtype === 'bool' ? 1 : 4;
}

function joinBuffers(data: io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}
