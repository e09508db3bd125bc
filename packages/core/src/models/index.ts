export type * from './config.ts';
export { buildModel, validateModelConfig } from './build.ts';
export { briefCnn, mlp, deepCnn, rnnClassifier, transformerClassifier } from './presets.ts';
export { summary, countParams } from './summary.ts';
export { infer } from './infer.ts';
export {
  MultiHeadAttention,
  TokenAndPositionEmbedding,
  TransformerEncoder,
  MaskedGlobalAveragePooling1D,
  selfAttention,
  layerNorm,
  gelu,
  type AttentionWeights,
} from './layers/index.ts';
export { checkLayerConformance, type LayerConformanceCase } from './layer-conformance.ts';
