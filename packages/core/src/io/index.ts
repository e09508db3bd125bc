/**
 * Model files: the tfjs layers-model format on the local disk (model.json + weights.bin),
 * a `file://` IOHandler, and a hardened loader for folders from untrusted sources.
 */
import { registerFileRouter } from './file-handler.ts';

/** fileSystem(dir, limits): tfjs IOHandler for a model folder; the `file://` router registration. */
export {
  fileSystem,
  registerFileRouter,
  filePathOfUrl,
  MODEL_JSON,
  WEIGHTS_BIN,
  FILE_SCHEME,
} from './file-handler.ts';
/** saveModel / loadModel / modelFileSize / gzipSize: the model-folder API used by the rest of Frontier. */
export {
  saveModel,
  loadModel,
  modelFileSize,
  gzipSize,
  type SaveModelOptions,
  type ModelFileSize,
} from './model-files.ts';
/** Caps on what a load accepts, and their defaults. */
export { DEFAULT_LOAD_LIMITS, type LoadLimits } from './load-limits.ts';
/** Pure validators (no disk, no tf runtime): model.json bytes, manifests, weight paths. */
export { parseModelJson, type ParsedModelJson } from './model-json.ts';
export {
  validateWeightsManifest,
  weightByteLength,
  DTYPE_BYTES,
  QUANTIZED_DTYPE_BYTES,
  type ValidatedManifest,
  type ValidatedGroup,
} from './weights-manifest.ts';
export { checkWeightPath, resolveWeightFile } from './weight-paths.ts';
/** readModelArtifacts(modelJsonPath, limits): the hardened folder reader behind `load`. */
export { readModelArtifacts, type ReadModel } from './read-model-artifacts.ts';
export { LEGACY_INT8_FORMAT } from './model-json.ts';
/** Frontier's per-channel int8 weights in the tfjs manifest (stock tfjs refuses them loudly). */
export {
  INT8_DTYPE,
  int8ChannelCount,
  checkInt8Quantization,
  hasInt8Weights,
  decodeInt8Artifacts,
} from './int8-weights.ts';
/** Which weight format a folder holds: float32, float16, uint8, uint16, int8 or mixed. */
export { weightFormat, modelFolderFormat, type WeightFormat } from './model-format.ts';
/** Frontier's custom layers (augmentation, normalization, Transformer blocks), registered on import. */
export { CUSTOM_LAYERS, registerCustomLayers } from './custom-layers.ts';

registerFileRouter();
