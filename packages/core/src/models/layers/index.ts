export {
  MultiHeadAttention,
  type MultiHeadAttentionArgs,
  type BaseLayerArgs,
} from './multi-head-attention.ts';
export { TokenAndPositionEmbedding, type TokenAndPositionEmbeddingArgs } from './token-position-embedding.ts';
export { TransformerEncoder, type TransformerEncoderArgs } from './transformer-encoder.ts';
export { MaskedGlobalAveragePooling1D } from './masked-average-pooling.ts';
export { selfAttention, layerNorm, gelu, denseLastAxis, type AttentionWeights } from './ops.ts';
