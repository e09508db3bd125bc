// Public API of @frontier/core/preprocess: fitted, serializable preprocessing steps
// (cleaning, encoding, normalization, PCA), augmentation (batch transform and Keras-style
// layers that save with the model), image folders decoded in worker threads, feature
// extraction, and the `preprocess` section of study configs.
export {
  Step,
  registerStep,
  registeredSteps,
  stepToJson,
  stepFromJson,
  type AnyStep,
  type Json,
  type JsonObject,
  type NDArray,
  type StepJson,
} from './step.ts';
export {
  saveSteps,
  loadSteps,
  stepsToJson,
  stepsFromJson,
  applySteps,
  STEPS_FILE,
  type StepsDocument,
} from './steps-file.ts';
export { mean, std, median, quantileSorted, mostFrequent } from './stats.ts';
export {
  AffineScaler,
  Rescale,
  MinMaxScaler,
  StandardScaler,
  RobustScaler,
  checkFinite,
  type ScalePer,
  type ScalerOptions,
} from './scalers.ts';
export { TableStep, numericValues, type ColumnCounts, type StepReport } from './table-step.ts';
export { DropNa, DropDuplicates, type DropNaOptions, type DropDuplicatesOptions } from './drop.ts';
export { FillNa, type FillNaOptions, type FillStrategy } from './fillna.ts';
export { Outliers, type OutliersOptions } from './outliers.ts';
export { Coerce, type CoerceOptions, type CoerceType } from './coerce.ts';
export { OneHotEncoder, OrdinalEncoder, type OneHotOptions, type OrdinalOptions } from './encode.ts';
export {
  stratifiedSplit,
  stratifiedKFold,
  type SplitIndices,
  type SplitOptions,
  type Fold,
} from './split.ts';
export {
  cleanTable,
  formatCleaningReport,
  cleaningReportSection,
  type CleaningReport,
  type ColumnReport,
} from './clean-report.ts';
export {
  transformMatrix,
  rotationMatrix,
  shiftMatrix,
  shearMatrix,
  zoomMatrix,
  flipMatrix,
  matmul,
  mapIndex,
  warpImage,
  IDENTITY,
  NO_TRANSFORM,
  type Mat3,
  type FillMode,
  type Interpolation,
  type TransformParams,
  type WarpOptions,
} from '../models/layers/affine.ts';
export { ImageAugmenter, mixSeed, type AugmentOptions, type BatchAugment } from '../models/layers/augment.ts';
export { ImageAugmentation, type ImageAugmentationArgs } from '../models/layers/augment-layer.ts';
export {
  RandomImageLayer,
  RandomAffineLayer,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
  RandomContrast,
  RandomBrightness,
  type RandomLayerArgs,
  type RandomAffineArgs,
  type Factor,
  type FlipMode,
} from '../models/layers/random-layers.ts';
export { Normalization, type NormalizationArgs } from '../models/layers/normalization-layer.ts';
export { preprocessingLayer } from '../models/layers/layer-config.ts';
export { AugmentingTrainer, type AugmentingTrainerOptions } from './augmenting-trainer.ts';
export { augmentationGridSection, imageDataUrl, type GridOptions } from './augment-grid.ts';
export {
  sniffImage,
  readImageHeader,
  decodeImage,
  convertChannels,
  resizeInto,
  encodePng,
  type DecodedImage,
  type ImageFormat,
  type ImageHeader,
} from './image-decode.ts';
export { DecodePool, sharedDecodePool, closeDecodePools, defaultDecodeWorkers } from './decode-pool.ts';
export { runDecodeTask, type DecodeTask, type DecodeResult } from './decode-job.ts';
export {
  flowFromDirectory,
  DirectoryIterator,
  batchToTensors,
  type FlowOptions,
  type ImageBatch,
} from './directory.ts';
export {
  ImageCache,
  imageCacheKey,
  recordDtype,
  IMAGE_CACHE_MAGIC,
  IMAGE_CACHE_VERSION,
  IMAGE_CACHE_HEADER_BYTES,
  type ImageCacheSpec,
  type ImageCacheBuild,
} from './image-cache.ts';
export { PCA, symmetricEigen, type PCAOptions } from './pca.ts';
export {
  embed,
  linearProbe,
  nearestNeighbourProbe,
  type EmbedOptions,
  type ProbeOptions,
} from './features.ts';
export {
  compareCleaning,
  compareCleaningOnBuiltins,
  cleaningComparisonSection,
  CLEANING_STRATEGIES,
  type CleaningComparison,
  type CleaningResult,
} from './cleaning-comparison.ts';
export {
  cleaningSteps,
  makeScaler,
  scaleSplits,
  preprocessTable,
  type StudyPreprocessConfig,
  type CleanStepConfig,
  type TablePreprocessOptions,
  type PreprocessedTable,
  type Split,
} from './study-preprocess.ts';
export { loadModelBundle, splitSteps, type ModelBundle } from './model-bundle.ts';
export { encodeRows, usedColumns, completeRows } from './encode-rows.ts';
export {
  tableInputs,
  predictTable,
  applyTableSteps,
  applyArraySteps,
  savedSteps,
  savedFeatureNames,
  type TableInputs,
  type TablePrediction,
} from './table-inputs.ts';
