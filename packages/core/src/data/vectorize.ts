// Bag-of-words: texts → a dense [n, vocab] matrix of word counts.
import { FrontierError } from '../util/errors.ts';

/**
 * Options of {@link vectorizeText}: either fit a vocabulary (`vocabSize` words at
 * most, each in at least `minCount` documents, default 1) or reuse one (`vocab`,
 * e.g. the training set's, for a test set).
 */
export type VectorizeOptions = { vocabSize: number; minCount?: number } | { vocab: readonly string[] };

/** Word counts `x` (row-major [n, vocab.length]); column j counts `vocab[j]`. */
export interface TextMatrix {
  x: Float32Array;
  shape: [number, number];
  vocab: string[];
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Lowercased word tokens: runs of letters and digits, apostrophes inside words kept ("don't"). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Bag-of-words with raw term counts (not tf-idf): `x[i, j]` is how many times
 * `vocab[j]` occurs in `texts[i]` (see {@link tokenize}). A fitted vocabulary holds
 * the `vocabSize` words in the most documents (document frequency), ties broken in
 * code-unit (alphabetical) order so the result is deterministic; words in fewer than
 * `minCount` documents are left out, so `vocab.length` may be below `vocabSize`.
 * Throws FrontierError `TEXT_BAD_OPTION` for a non-positive-integer `vocabSize` or
 * `minCount`, or a `vocab` with a repeated word.
 */
export function vectorizeText(texts: readonly string[], opts: VectorizeOptions): TextMatrix {
  const tokens = texts.map(tokenize);
  const vocab =
    'vocab' in opts ? checkVocab(opts.vocab) : fitVocab(tokens, opts.vocabSize, opts.minCount ?? 1);
  const index = new Map(vocab.map((w, j) => [w, j]));
  const d = vocab.length;
  const x = new Float32Array(texts.length * d);
  tokens.forEach((words, i) => {
    for (const w of words) {
      const j = index.get(w);
      if (j !== undefined) x[i * d + j] += 1;
    }
  });
  return { x, shape: [texts.length, d], vocab };
}

function bad(message: string): FrontierError {
  return new FrontierError('TEXT_BAD_OPTION', message, { where: 'vectorizeText options' });
}

function checkVocab(vocab: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const w of vocab) {
    if (seen.has(w)) throw bad(`vocab lists ${JSON.stringify(w)} twice`);
    seen.add(w);
  }
  return [...vocab];
}

function fitVocab(tokens: string[][], vocabSize: number, minCount: number): string[] {
  if (!Number.isInteger(vocabSize) || vocabSize < 1)
    throw bad(`vocabSize must be a positive integer, got ${vocabSize}`);
  if (!Number.isInteger(minCount) || minCount < 1)
    throw bad(`minCount must be a positive integer, got ${minCount}`);
  const df = new Map<string, number>();
  for (const words of tokens) {
    for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return [...df]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0]))
    .slice(0, vocabSize)
    .map(([w]) => w);
}
