// Stratified train/validation/test splits and k-fold, seeded: class proportions are kept.
import { mulberry32 } from '../train/rng.ts';
import { badOption } from './step.ts';

/** Row indices of each part of a split, ascending. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Options of {@link stratifiedSplit}: fractions of each class (default test 0.2, validation 0); seed default 42. */
export interface SplitOptions {
  test?: number;
  validation?: number;
  seed?: number;
}

/** Indices grouped by label (labels compared by string form), groups in first-seen order. */
function groupByLabel(labels: ArrayLike<unknown>): number[][] {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const k = String(labels[i]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  }
  return [...groups.values()];
}

function shuffle(xs: number[], rand: () => number): number[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

const sorted = (xs: number[]): Int32Array => Int32Array.from(xs).sort();

/**
 * Splits rows so each class keeps its proportion in every part: per class, a seeded
 * shuffle, then round(n·test) rows to test, round(n·validation) to validation, the
 * rest to train. A class with one row goes to train. Same labels and seed → same split.
 */
export function stratifiedSplit(labels: ArrayLike<unknown>, opts: SplitOptions = {}): SplitIndices {
  const test = opts.test ?? 0.2;
  const validation = opts.validation ?? 0;
  if (!(test >= 0 && validation >= 0 && test + validation < 1)) {
    throw badOption(
      'stratifiedSplit',
      `test ${test} + validation ${validation} must be in [0, 1)`,
      'e.g. { test: 0.2, validation: 0.1 }',
    );
  }
  const rand = mulberry32(opts.seed ?? 42);
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  for (const group of groupByLabel(labels)) {
    const g = shuffle(group, rand);
    const nTest = g.length > 1 ? Math.round(g.length * test) : 0;
    const nVal = g.length > 1 ? Math.min(g.length - nTest - 1, Math.round(g.length * validation)) : 0;
    parts.test.push(...g.slice(0, nTest));
    parts.validation.push(...g.slice(nTest, nTest + Math.max(0, nVal)));
    parts.train.push(...g.slice(nTest + Math.max(0, nVal)));
  }
  return { train: sorted(parts.train), validation: sorted(parts.validation), test: sorted(parts.test) };
}

/** One fold of k-fold: rows to train on and rows to test on, ascending. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Stratified k-fold: each class is shuffled (seeded) and dealt round-robin into `k`
 * folds, continuing the deal across classes so fold sizes differ by at most one.
 * Every row is in exactly one test fold. Throws `PREPROCESS_BAD_OPTION` unless 2 ≤ k ≤ rows.
 */
export function stratifiedKFold(labels: ArrayLike<unknown>, k: number, seed = 42): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > labels.length) {
    throw badOption(
      'stratifiedKFold k',
      `k must be an integer in [2, ${labels.length}], got ${k}`,
      'e.g. k = 5',
    );
  }
  const rand = mulberry32(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const group of groupByLabel(labels)) {
    for (const i of shuffle(group, rand)) {
      folds[next].push(i);
      next = (next + 1) % k;
    }
  }
  return folds.map((testRows, f) => ({
    test: sorted(testRows),
    train: sorted(folds.flatMap((rows, g) => (g === f ? [] : rows))),
  }));
}
