import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { FrontierError } from '../util/errors.ts';
// Side effect: registers Frontier's custom layers so every model loadModel reads rebuilds.
import './custom-layers.ts';
import { fileSystem, MODEL_JSON } from './file-handler.ts';
import type { LoadLimits } from './load-limits.ts';
import { readModelArtifacts } from './read-model-artifacts.ts';

const gzipAsync = promisify(gzip);

/** Options for {@link saveModel}. `metadata` (default none) is stored as model.json's userDefinedMetadata. */
export interface SaveModelOptions {
  metadata?: Record<string, unknown>;
}

/** Size of a saved model: see {@link modelFileSize}. */
export interface ModelFileSize {
  rawBytes: number;
  gzipBytes: number;
  files: string[];
}

/**
 * Saves `model` to folder `dir` (created if missing) as model.json + weights.bin in the
 * standard tfjs format, atomically (see `fileSystem`). `metadata` must be a JSON object;
 * its keys are merged over any userDefinedMetadata the model already carries, and the
 * model itself is not modified.
 */
export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  opts: SaveModelOptions = {},
): Promise<void> {
  const handler = fileSystem(dir);
  const { metadata } = opts;
  if (metadata === undefined) {
    await model.save(handler);
    return;
  }
  let roundTripped: unknown;
  try {
    roundTripped = JSON.parse(JSON.stringify(metadata));
  } catch (err) {
    throw new FrontierError(
      'MODEL_METADATA_INVALID',
      `metadata for ${dir} is not JSON-serializable: ${String(err)}`,
      {
        where: 'SaveModelOptions.metadata',
        hint: 'pass plain objects, arrays, strings, numbers and booleans',
        cause: err,
      },
    );
  }
  if (typeof roundTripped !== 'object' || roundTripped === null || Array.isArray(roundTripped)) {
    throw new FrontierError('MODEL_METADATA_INVALID', `metadata for ${dir} must be a JSON object`, {
      where: 'SaveModelOptions.metadata',
    });
  }
  await model.save(
    tf.io.withSaveHandler((artifacts) =>
      handler.save!({
        ...artifacts,
        userDefinedMetadata: {
          ...artifacts.userDefinedMetadata,
          ...(roundTripped as Record<string, object>),
        },
      }),
    ),
  );
}

/**
 * Loads the tfjs layers model saved in folder `dir` through the hardened loader
 * (`limits` default to DEFAULT_LOAD_LIMITS). Every format Frontier writes loads here:
 * float32, tfjs float16/uint8/uint16 and Frontier int8 (weights come back as float32),
 * with Frontier's custom layers registered. Throws FrontierError for any file problem.
 */
export async function loadModel(dir: string, limits: LoadLimits = {}): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileSystem(dir, limits));
}

/**
 * On-disk size of the model in folder `dir`: `files` is model.json then each weight path
 * (relative to `dir`), `rawBytes` the sum of their sizes, and `gzipBytes` the sum over
 * those files of each file's {@link gzipSize}. The folder is validated like `loadModel`
 * does first.
 */
export async function modelFileSize(dir: string): Promise<ModelFileSize> {
  const { files } = await readModelArtifacts(join(dir, MODEL_JSON));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const data = await readFile(join(dir, file));
    rawBytes += data.byteLength;
    gzipBytes += await gzipSize(data);
  }
  return { rawBytes, gzipBytes, files };
}

/**
 * Length of `data` gzipped at the best compression, as `gzip -9` does: how model sizes
 * are compared, since a model is compressed once and downloaded many times.
 */
export async function gzipSize(data: Uint8Array): Promise<number> {
  return (await gzipAsync(data, { level: constants.Z_BEST_COMPRESSION })).byteLength;
}
