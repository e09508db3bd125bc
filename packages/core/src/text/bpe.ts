import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic.ts';

/** Special tokens, always ids 0–4: padding must be 0 (the models' padding mask tests id ≠ 0). */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const CLS_ID = 2;
export const SEP_ID = 3;
export const MASK_ID = 4;
/** The end-of-word symbol: BPE merges never cross it, so tokens stay inside words. */
export const END_OF_WORD = '</w>';
/** The file a tokenizer is saved as, next to model.json. */
export const TOKENIZER_FILE = 'tokenizer.json';

/** Options of trainBpe. Defaults: vocabSize 1000, minFrequency 2, maxWordLength 24. */
export interface BpeTrainOptions {
  vocabSize?: number;
  /** Characters and merges seen fewer times than this are not learned. */
  minFrequency?: number;
  /** Longer words are cut to this many characters (long base64 runs in emails). */
  maxWordLength?: number;
}

/**
 * Splits text into lower-case words: runs of letters and digits, and single
 * punctuation characters; whitespace separates. Words longer than `maxWordLength` are cut.
 */
export function preTokenize(text: string, maxWordLength = 24): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  return words.map((w) => (w.length > maxWordLength ? w.slice(0, maxWordLength) : w));
}

/** The saved form of a tokenizer (tokenizer.json). */
export interface BpeTokenizerJSON {
  type: 'bpe';
  version: 1;
  maxWordLength: number;
  vocab: string[];
  merges: Array<[string, string]>;
}

/**
 * A byte-pair-encoding subword tokenizer (Sennrich et al. 2016): words are split into
 * characters plus END_OF_WORD, then the learned merges are applied in the order they
 * were learned. Ids: SPECIAL_TOKENS first, then the alphabet, then one per merge.
 * Unknown characters map to [UNK]. Deterministic: the same corpus and options give
 * the same vocabulary.
 */
export class BpeTokenizer {
  readonly vocab: readonly string[];
  readonly merges: ReadonlyArray<[string, string]>;
  readonly maxWordLength: number;
  private readonly ids: Map<string, number>;
  private readonly ranks: Map<string, number>;
  private readonly cache = new Map<string, number[]>();

  constructor(json: BpeTokenizerJSON) {
    if (json?.type !== 'bpe' || !Array.isArray(json.vocab) || !Array.isArray(json.merges)) {
      throw new FrontierError('TOKENIZER', 'not a BPE tokenizer: expected { type: "bpe", vocab, merges }', {
        hint: `load a ${TOKENIZER_FILE} written by BpeTokenizer.save`,
      });
    }
    SPECIAL_TOKENS.forEach((t, i) => {
      if (json.vocab[i] !== t) {
        throw new FrontierError(
          'TOKENIZER',
          `vocab[${i}] must be ${t}, got ${JSON.stringify(json.vocab[i])}`,
          {
            hint: 'the special tokens come first, in the order of SPECIAL_TOKENS',
          },
        );
      }
    });
    this.vocab = json.vocab;
    this.merges = json.merges;
    this.maxWordLength = json.maxWordLength;
    this.ids = new Map(json.vocab.map((t, i) => [t, i]));
    this.ranks = new Map(json.merges.map(([a, b], i) => [`${a} ${b}`, i]));
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Token ids of one word (cached). */
  encodeWord(word: string): number[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    let symbols = [...word, END_OF_WORD];
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < symbols.length - 1; i++) {
        const r = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      symbols = [...symbols.slice(0, best), symbols[best] + symbols[best + 1], ...symbols.slice(best + 2)];
    }
    const ids = symbols.map((s) => this.ids.get(s) ?? UNK_ID);
    if (this.cache.size < 100_000) this.cache.set(word, ids);
    return ids;
  }

  /** Token ids of `text`; stops early once `maxTokens` are produced. */
  encode(text: string, maxTokens = Infinity): number[] {
    const out: number[] = [];
    for (const w of preTokenize(text, this.maxWordLength)) {
      if (out.length >= maxTokens) break;
      out.push(...this.encodeWord(w));
    }
    return out.length > maxTokens ? out.slice(0, maxTokens) : out;
  }

  /** Text back from ids: tokens joined, END_OF_WORD as a space; special tokens dropped. */
  decode(ids: readonly number[]): string {
    return ids
      .filter((id) => id >= SPECIAL_TOKENS.length)
      .map((id) => this.vocab[id] ?? '')
      .join('')
      .split(END_OF_WORD)
      .join(' ')
      .trim();
  }

  /**
   * Encodes `texts` into a [texts.length, maxLen] id matrix: [CLS], then the text's
   * tokens cut to fit, then [PAD] (0) to the end.
   */
  encodeBatch(texts: readonly string[], maxLen: number): Int32Array {
    const out = new Int32Array(texts.length * maxLen);
    texts.forEach((t, i) => {
      out[i * maxLen] = CLS_ID;
      out.set(this.encode(t, maxLen - 1), i * maxLen + 1);
    });
    return out;
  }

  toJSON(): BpeTokenizerJSON {
    return {
      type: 'bpe',
      version: 1,
      maxWordLength: this.maxWordLength,
      vocab: [...this.vocab],
      merges: this.merges.map(([a, b]) => [a, b]),
    };
  }

  /** Writes `dir`/tokenizer.json atomically (next to a saved model's model.json). */
  async save(dir: string): Promise<void> {
    await writeFileAtomic(join(dir, TOKENIZER_FILE), JSON.stringify(this.toJSON()));
  }

  /** Reads `dir`/tokenizer.json. */
  static async load(dir: string): Promise<BpeTokenizer> {
    const path = join(dir, TOKENIZER_FILE);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (cause) {
      throw new FrontierError('TOKENIZER', `cannot read the tokenizer: ${(cause as Error).message}`, {
        where: path,
        hint: 'save the tokenizer with the model (BpeTokenizer.save(dir))',
      });
    }
    return new BpeTokenizer(json as BpeTokenizerJSON);
  }
}

/**
 * Learns a BPE vocabulary of at most `vocabSize` tokens from `texts`: the alphabet
 * (characters seen ≥ minFrequency times, plus END_OF_WORD), then merges of the most
 * frequent adjacent pair, ties broken by the pair's text, until the vocabulary is
 * full or no pair reaches minFrequency.
 */
export function trainBpe(texts: Iterable<string>, opts: BpeTrainOptions = {}): BpeTokenizer {
  const vocabSize = opts.vocabSize ?? 1000;
  const minFrequency = opts.minFrequency ?? 2;
  const maxWordLength = opts.maxWordLength ?? 24;
  if (!Number.isInteger(vocabSize) || vocabSize <= SPECIAL_TOKENS.length) {
    throw new FrontierError(
      'TOKENIZER',
      `vocabSize must be an integer > ${SPECIAL_TOKENS.length}, got ${vocabSize}`,
      {
        where: 'trainBpe options.vocabSize',
        hint: 'e.g. 1000',
      },
    );
  }
  const wordCounts = new Map<string, number>();
  for (const text of texts) {
    for (const w of preTokenize(text, maxWordLength)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
  const charCounts = new Map<string, number>();
  for (const [w, n] of wordCounts) for (const c of w) charCounts.set(c, (charCounts.get(c) ?? 0) + n);
  const alphabet = [...charCounts]
    .filter(([, n]) => n >= minFrequency)
    .map(([c]) => c)
    .sort();
  const vocab: string[] = [...SPECIAL_TOKENS, END_OF_WORD, ...alphabet].slice(0, vocabSize);
  const known = new Set(vocab);
  // Word types as symbol arrays; a word with an unknown character keeps it (as [UNK] later).
  // Pair counts are kept incrementally, with the words each pair occurs in, so a merge
  // only revisits the words that contain it.
  const words = [...wordCounts].map(([w, n]) => ({ symbols: [...w, END_OF_WORD], n }));
  const pairCounts = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const addPairs = (wi: number, sign: 1 | -1) => {
    const { symbols, n } = words[wi];
    for (let i = 0; i < symbols.length - 1; i++) {
      if (!known.has(symbols[i]) || !known.has(symbols[i + 1])) continue;
      const key = `${symbols[i]} ${symbols[i + 1]}`;
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * n);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(wi);
      }
    }
  };
  words.forEach((_, wi) => addPairs(wi, 1));
  const merges: Array<[string, string]> = [];
  while (vocab.length < vocabSize) {
    let bestKey = '';
    let bestCount = 0;
    for (const [key, n] of pairCounts) {
      if (n > bestCount || (n === bestCount && key < bestKey)) {
        bestKey = key;
        bestCount = n;
      }
    }
    if (bestCount < minFrequency) break;
    const [a, b] = bestKey.split(' ') as [string, string];
    const merged = a + b;
    merges.push([a, b]);
    if (!known.has(merged)) {
      vocab.push(merged);
      known.add(merged);
    }
    for (const wi of pairWords.get(bestKey) ?? []) {
      const s = words[wi].symbols;
      let has = false;
      for (let i = 0; i < s.length - 1 && !has; i++) has = s[i] === a && s[i + 1] === b;
      if (!has) continue;
      addPairs(wi, -1);
      for (let i = 0; i < s.length - 1; i++) {
        if (s[i] === a && s[i + 1] === b) s.splice(i, 2, merged);
      }
      addPairs(wi, 1);
    }
    pairCounts.delete(bestKey);
    pairWords.delete(bestKey);
    for (const [key, n] of pairCounts) if (n <= 0) pairCounts.delete(key);
  }
  return new BpeTokenizer({ type: 'bpe', version: 1, maxWordLength, vocab, merges });
}
