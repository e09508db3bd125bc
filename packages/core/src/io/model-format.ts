import type { io } from '@tensorflow/tfjs';
import { join } from 'node:path';
import { MODEL_JSON } from './file-handler.ts';
import { INT8_DTYPE } from './int8-weights.ts';
import type { LoadLimits } from './load-limits.ts';
import { readModelArtifacts } from './read-model-artifacts.ts';

/**
 * How a model folder stores its float weights: plain `float32`, one of tfjs's
 * quantized dtypes (`float16`, `uint8`, `uint16`), Frontier's per-channel `int8`, or
 * `mixed` when several quantized dtypes appear. Weights left in float32 beside quantized
 * ones (biases kept by `minElements`, int8's float32 biases) do not make a folder mixed.
 */
export type WeightFormat = 'float32' | 'float16' | 'uint8' | 'uint16' | 'int8' | 'mixed';

/** The {@link WeightFormat} of a list of manifest entries (pure). */
export function weightFormat(specs: readonly io.WeightsManifestEntry[]): WeightFormat {
  const kinds = new Set<string>();
  for (const s of specs) if (s.quantization) kinds.add(s.quantization.dtype as string);
  if (kinds.size === 0) return 'float32';
  if (kinds.size > 1) return 'mixed';
  const [only] = kinds;
  return only === INT8_DTYPE ? 'int8' : (only as WeightFormat);
}

/** The {@link WeightFormat} of the model saved in folder `dir`, read through the hardened loader. */
export async function modelFolderFormat(dir: string, limits: LoadLimits = {}): Promise<WeightFormat> {
  const { artifacts } = await readModelArtifacts(join(dir, MODEL_JSON), limits);
  return weightFormat(artifacts.weightSpecs ?? []);
}
