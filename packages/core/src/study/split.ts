// The one way a study splits its examples into train, validation and test, for every
// data kind: MNIST files (a separate test file, validation from the tail of the
// training file), image folders and tables (a seeded, stratified 20 % test split).
import { epochPermutation } from '../train/rng.ts';
import { FrontierError } from '../util/errors.ts';

/** How to split: see {@link splitExamples}. */
export interface SplitOptions {
  /** Fraction of the non-test examples held out for validation, in (0, 1). */
  validationSplit: number;
  /** Keep at most this many training examples (validation keeps the split's proportion). */
  trainLimit?: number;
  /** Keep at most this many test examples. */
  testLimit?: number;
  /** Hold out this fraction of the examples as the test split (0 or absent: the test set is separate). */
  testFraction?: number;
  /** Shuffle with this seed; absent: keep the file order (validation is then the tail). */
  seed?: number;
  /** Class of each example: the shuffled order is stratified, so every split keeps the class mix. */
  labels?: ArrayLike<number>;
  /** Where the examples come from, for error messages. */
  source?: string;
}

/** Example indices of each split; `test` is empty when the test set is separate. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Splits `n` examples. The order is the file order, or a seeded permutation; with
 * `labels` the permutation is interleaved by class, so that every prefix (the test
 * split) and every suffix (validation) holds each class in proportion. The test split
 * is the first `testFraction` of the order, validation the tail of the rest, training
 * the head of the rest (cut to `trainLimit`, with validation kept in proportion).
 * Throws `STUDY_SPLIT` when a split would be empty.
 */
export function splitExamples(n: number, o: SplitOptions): SplitIndices {
  const order =
    o.seed === undefined
      ? Int32Array.from({ length: n }, (_, i) => i)
      : o.labels
        ? stratifiedOrder(o.labels, o.seed)
        : epochPermutation(n, o.seed, -1);
  const nTest = o.testFraction ? Math.max(1, Math.round(n * o.testFraction)) : 0;
  const rest = order.subarray(nTest);
  let nVal = Math.max(1, Math.round(rest.length * o.validationSplit));
  let nTrain = rest.length - nVal;
  if (o.trainLimit !== undefined && o.trainLimit < nTrain) {
    nTrain = o.trainLimit;
    nVal = Math.min(
      rest.length - nTrain,
      Math.max(1, Math.round((o.trainLimit * o.validationSplit) / (1 - o.validationSplit))),
    );
  }
  if (nTrain < 1 || rest.length < 2)
    throw new FrontierError(
      'STUDY_SPLIT',
      `${n} example(s) are too few to split into train, validation and test`,
      {
        where: o.source,
        hint: 'use a data set with more rows, or a smaller train.validationSplit',
      },
    );
  const test = order.subarray(0, Math.min(nTest, o.testLimit ?? nTest));
  return {
    train: Int32Array.from(rest.subarray(0, nTrain)),
    validation: Int32Array.from(rest.subarray(rest.length - nVal)),
    test: Int32Array.from(test),
  };
}

/**
 * A seeded permutation interleaved by class: each example's key is its rank within its
 * class (in a seeded shuffle) over the class's size, so sorting by it spreads every
 * class evenly along the order.
 */
export function stratifiedOrder(labels: ArrayLike<number>, seed: number): Int32Array {
  const n = labels.length;
  const shuffled = epochPermutation(n, seed, -1);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  const seen = new Map<number, number>();
  const key = new Float64Array(n);
  for (const i of shuffled) {
    const c = labels[i];
    const r = seen.get(c) ?? 0;
    seen.set(c, r + 1);
    key[i] = (r + 0.5) / counts.get(c)!;
  }
  // Ties (same key) keep the shuffled order, so classes of equal size alternate randomly.
  const pos = new Int32Array(n);
  shuffled.forEach((i, p) => (pos[i] = p));
  return Int32Array.from(shuffled).sort((a, b) => key[a] - key[b] || pos[a] - pos[b]);
}
