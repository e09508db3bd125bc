export {
  BpeTokenizer,
  trainBpe,
  preTokenize,
  SPECIAL_TOKENS,
  PAD_ID,
  UNK_ID,
  CLS_ID,
  SEP_ID,
  MASK_ID,
  END_OF_WORD,
  TOKENIZER_FILE,
  type BpeTokenizerJSON,
  type BpeTrainOptions,
} from './bpe.ts';
export { maskTokens, type MaskedBatch, type MaskingOptions } from './masking.ts';
