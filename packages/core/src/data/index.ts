// Public API of @frontier/core/data: data sources as plain typed arrays (no tfjs).
export { parseIdx, readIdx, encodeIdx, isGzip, type IdxArray, type IdxDtype } from './idx.ts';
export {
  loadMnist,
  defaultMnistDir,
  type ImageDataset,
  type LabeledImages,
  type MnistOptions,
} from './mnist.ts';
export { parseDelimited, type DelimitedOptions, type DelimitedText } from './csv.ts';
export {
  loadTable,
  parseTable,
  parseCell,
  formatOf,
  DEFAULT_MISSING,
  type Cell,
  type Table,
  type TableFormat,
  type LoadTableOptions,
} from './table.ts';
export { column, selectColumns, requireColumn, closestName, editDistance } from './columns.ts';
export { tableToMatrix, type Matrix, type MatrixOptions } from './matrix.ts';
export {
  penguins,
  cars,
  spamAssassin,
  type TabularDataset,
  type TextDataset,
  type SpamAssassinOptions,
} from './datasets.ts';
export { vectorizeText, tokenize, type TextMatrix, type VectorizeOptions } from './vectorize.ts';
export { packageDir } from './package-dir.ts';
