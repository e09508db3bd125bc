/**
 * Model compression: pruning (gradual magnitude, block, N:M, structured), weight
 * quantization (tfjs float16/uint8/uint16 manifests, int8 per-channel), distillation
 * and clustering, and the shared plumbing of the artifact commands (prune, quantize,
 * distill): output checks, truthful folder descriptions and tracked runs. The
 * technique-matrix rows that use them live in techniques/.
 */
export { encodeFloat16, decodeFloat16, toFloat16Bits, fromFloat16Bits, FLOAT16_MAX } from './float16.ts';
export { quantizeAffine, dequantizeAffine, type AffineDtype, type AffineQuantized } from './affine.ts';
export {
  quantizeArtifacts,
  quantizeWeights,
  saveQuantized,
  modelArtifacts,
  WEIGHT_QUANT_DTYPES,
  type WeightQuantDtype,
  type WeightQuantOptions,
} from './weight-quantization.ts';
export {
  quantizeInt8PerChannel,
  dequantizeInt8PerChannel,
  int8Dequantized,
  int8Artifacts,
  saveInt8,
  loadInt8,
  type Int8PerChannel,
  type Int8Size,
} from './int8.ts';
export {
  polynomialDecay,
  constantSparsity,
  keepSparsity,
  type SparsitySchedule,
  type PolynomialDecayOptions,
} from './schedule.ts';
export {
  smallestK,
  pruneCount,
  magnitudeMasks,
  blockMask,
  nmMask,
  patternMasks,
  type SparsityPattern,
} from './masks.ts';
export {
  MagnitudePruner,
  pruneOneShot,
  sparsityReport,
  formatSparsityReport,
  isPrunableKernel,
  type PruneOptions,
  type SparsityReport,
  type WeightSparsity,
} from './pruner.ts';
export { pruneStructured, type StructuredPruneOptions, type StructuredPruneReport } from './structured.ts';
export {
  kmeans1d,
  clusterWeights,
  type Clustered,
  type ClusterOptions,
  type ClusterReport,
} from './cluster.ts';
export { distill, distillationLoss, makeStudent, type DistillOptions } from './distill.ts';
export { cloneModel, resizedModel, hiddenWidths } from './surgery.ts';
export {
  QuantizationAwareTraining,
  fakeQuant,
  fakeQuantWeights,
  type QatOptions,
  type WeightScheme,
} from './qat.ts';
export {
  calibrateActivations,
  layerOutputsModel,
  type ActivationRange,
  type CalibrationOptions,
} from './calibrate.ts';
export {
  quantizationErrorReport,
  formatQuantizationErrorReport,
  type LayerQuantError,
  type QuantizationErrorReport,
} from './quant-debug.ts';
export {
  checkOutputDir,
  copySidecars,
  describeArtifact,
  startArtifactRun,
  type ArtifactFile,
  type ArtifactSummary,
  type ArtifactRun,
  type ArtifactRunOptions,
} from './artifact-run.ts';
