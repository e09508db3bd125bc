import * as tf from '@tensorflow/tfjs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.ts';
import { FrontierError } from '../util/errors.ts';
import type { LoadLimits } from './load-limits.ts';
import { decodeInt8Artifacts } from './int8-weights.ts';
import { readModelArtifacts } from './read-model-artifacts.ts';
import { validateWeightsManifest } from './weights-manifest.ts';

/** Name of the topology file in a model folder. */
export const MODEL_JSON = 'model.json';
/** Name of the single weights file this handler writes. */
export const WEIGHTS_BIN = 'weights.bin';

/** The URL scheme served by {@link registerFileRouter}. */
export const FILE_SCHEME = 'file://';

/**
 * A tfjs IOHandler over a model folder on the local disk.
 *
 * `save` writes the standard tfjs layers-model format: `weights.bin` (all weights, one
 * group) and then `model.json`, each atomically. A stale model.json is removed first,
 * so at every instant the folder holds either no model.json or one whose weights are
 * complete; a failed save leaves no model.json (the previous model, if any, is gone).
 * `load` reads `model.json` from `dir` through the hardened loader, with `opts` as caps,
 * and decodes Frontier int8 weights to float32 (tfjs's own quantized dtypes are left for
 * tfjs to decode), so every format Frontier writes loads through this one path.
 */
export function fileSystem(dir: string, opts: LoadLimits = {}): tf.io.IOHandler {
  return new FileHandler(dir, MODEL_JSON, opts);
}

class FileHandler implements tf.io.IOHandler {
  constructor(
    private readonly dir: string,
    private readonly modelJsonName: string,
    private readonly limits: LoadLimits,
  ) {}

  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    const modelJsonPath = join(this.dir, this.modelJsonName);
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new FrontierError(
        'MODEL_SAVE_UNSUPPORTED',
        `cannot save a binary model topology to ${modelJsonPath}`,
        {
          where: modelJsonPath,
          hint: 'save a tf.LayersModel (JSON topology); graph models are converted, not saved',
        },
      );
    }
    const weightSpecs = artifacts.weightSpecs ?? [];
    const weightData = new Uint8Array(
      artifacts.weightData === undefined
        ? new ArrayBuffer(0)
        : tf.io.CompositeArrayBuffer.join(artifacts.weightData),
    );
    const weightsManifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_BIN], weights: weightSpecs }];
    // Refuse to write what the loader would refuse to read.
    const declared = validateWeightsManifest(weightsManifest, modelJsonPath, this.limits).totalBytes;
    if (declared !== weightData.byteLength) {
      throw new FrontierError(
        'MODEL_SAVE_INCONSISTENT',
        `weight specs for ${modelJsonPath} declare ${declared} bytes but the weight data holds ${weightData.byteLength}`,
        { where: modelJsonPath, hint: 'this is a bug in the code that produced the artifacts' },
      );
    }
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology ?? {},
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest,
    };
    if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
    if (artifacts.userDefinedMetadata !== undefined)
      modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
    if (artifacts.signature !== undefined) modelJson.signature = artifacts.signature;
    if (artifacts.modelInitializer !== undefined) modelJson.modelInitializer = artifacts.modelInitializer;
    if (artifacts.initializerSignature !== undefined)
      modelJson.initializerSignature = artifacts.initializerSignature;

    const weightsPath = join(this.dir, WEIGHTS_BIN);
    try {
      await rm(modelJsonPath, { force: true });
      await writeFileAtomic(weightsPath, weightData);
      await writeFileAtomic(modelJsonPath, JSON.stringify(modelJson));
    } catch (err) {
      throw new FrontierError(
        'MODEL_SAVE_FAILED',
        `could not save the model to ${this.dir}: ${String(err)}`,
        {
          where: this.dir,
          hint: 'check that the folder is writable and the disk has space',
          cause: err,
        },
      );
    }
    return {
      modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({
        ...artifacts,
        weightSpecs,
        weightData: weightData.buffer,
      }),
    };
  }

  async load(): Promise<tf.io.ModelArtifacts> {
    const { artifacts } = await readModelArtifacts(join(this.dir, this.modelJsonName), this.limits);
    return decodeInt8Artifacts(artifacts);
  }
}

/**
 * The local path in a `file://` URL. Follows tfjs-node's convention: the rest of the
 * URL is the path as written, so `file:///abs/dir` is absolute and `file://./dir` is
 * relative to the working directory; `file:///C:/dir` becomes `C:/dir`.
 */
export function filePathOfUrl(url: string): string {
  const rest = url.slice(FILE_SCHEME.length);
  return /^\/[A-Za-z]:[/\\]/.test(rest) ? rest.slice(1) : rest;
}

/** Load handler for a `file://` URL naming a model.json file (any `*.json`) or its folder. */
function loadRouter(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(FILE_SCHEME)) return null;
  const path = filePathOfUrl(url);
  return path.endsWith('.json') ? new FileHandler(dirname(path), basename(path), {}) : fileSystem(path);
}

/** Save handler for a `file://` URL naming a folder (a trailing `/model.json` is accepted). */
function saveRouter(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(FILE_SCHEME)) return null;
  const path = filePathOfUrl(url);
  return fileSystem(basename(path) === MODEL_JSON ? dirname(path) : path);
}

/** tfjs's router type (not re-exported from tf.io). */
type IORouter = Parameters<typeof tf.io.registerLoadRouter>[0];

let registered = false;

/**
 * Registers the `file://` save and load routers with tfjs, once per process (later calls
 * do nothing), so that `model.save('file:///abs/dir')` and
 * `tf.loadLayersModel('file:///abs/dir/model.json')` use {@link fileSystem}. Loading
 * through the router uses the default LoadLimits.
 */
export function registerFileRouter(): void {
  if (registered) return;
  // tfjs's IORouter type says IOHandler, but its registry skips routers returning null.
  tf.io.registerSaveRouter(saveRouter as IORouter);
  tf.io.registerLoadRouter(loadRouter as IORouter);
  registered = true;
}
