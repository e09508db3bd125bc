import { FrontierError } from '../util/errors.ts';

/**
 * Which weights a pruning step may zero together:
 * - `unstructured`: any single weight (magnitude pruning, Han et al. 2015);
 * - `block`: `rows × cols` tiles of the 2-D view [prod(shape[:-1]), shape[-1]],
 *   scored by mean |w| (TF-MOT `block_size`);
 * - `nm`: N of every M consecutive weights along the input axis kept
 *   (2:4 is NVIDIA Ampere's structured sparsity); the sparsity is fixed at 1 − N/M.
 */
export type SparsityPattern =
  | { kind: 'unstructured' }
  | { kind: 'block'; rows: number; cols: number }
  | { kind: 'nm'; n: number; m: number };

/**
 * Marks exactly `k` entries of `scores` with the smallest values (1 = prune), ties
 * broken by lower index first. Exact for any input: the result has k ones.
 */
export function smallestK(scores: Float32Array, k: number): Uint8Array {
  const n = scores.length;
  const out = new Uint8Array(n);
  if (k <= 0) return out;
  if (k >= n) return out.fill(1);
  const sorted = Float32Array.from(scores).sort();
  const threshold = sorted[k - 1];
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i] < threshold) {
      out[i] = 1;
      count++;
    }
  }
  for (let i = 0; i < n && count < k; i++) {
    if (scores[i] === threshold) {
      out[i] = 1;
      count++;
    }
  }
  return out;
}

/** Number of entries to prune so that `n` entries have sparsity `s`: round(s·n). */
export function pruneCount(n: number, sparsity: number): number {
  return Math.round(sparsity * n);
}

/**
 * Keep-masks (1 = keep) that zero exactly round(sparsity·n) entries of smallest |w|
 * per tensor (layer-wise), or round(sparsity·Σn) over all tensors together (global).
 */
export function magnitudeMasks(
  tensors: Float32Array[],
  sparsity: number,
  scope: 'layer' | 'global' = 'layer',
): Uint8Array[] {
  if (scope === 'layer') {
    return tensors.map((w) => invert(smallestK(absOf(w), pruneCount(w.length, sparsity))));
  }
  const total = tensors.reduce((n, w) => n + w.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const w of tensors) {
    all.set(absOf(w), at);
    at += w.length;
  }
  const pruned = smallestK(all, pruneCount(total, sparsity));
  at = 0;
  return tensors.map((w) => {
    const m = invert(pruned.subarray(at, at + w.length));
    at += w.length;
    return m;
  });
}

/**
 * Keep-mask that zeros the round(sparsity · blocks) `rows × cols` blocks of least
 * mean |w| in the 2-D view [prod(shape[:-1]), shape[-1]]; edge blocks may be smaller.
 */
export function blockMask(
  values: Float32Array,
  shape: number[],
  sparsity: number,
  rows: number,
  cols: number,
): Uint8Array {
  const [R, C] = view2d(shape, values.length);
  if (!(Number.isInteger(rows) && rows > 0 && Number.isInteger(cols) && cols > 0)) {
    throw new FrontierError('PRUNE_PATTERN', `block size ${rows}×${cols} must be positive integers`, {
      where: 'pattern.rows/cols',
    });
  }
  const br = Math.ceil(R / rows);
  const bc = Math.ceil(C / cols);
  const scores = new Float32Array(br * bc);
  const counts = new Float32Array(br * bc);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const b = Math.floor(r / rows) * bc + Math.floor(c / cols);
      scores[b] += Math.abs(values[r * C + c]);
      counts[b]++;
    }
  }
  for (let b = 0; b < scores.length; b++) scores[b] /= counts[b];
  const pruned = smallestK(scores, pruneCount(scores.length, sparsity));
  const mask = new Uint8Array(values.length);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++)
      mask[r * C + c] = pruned[Math.floor(r / rows) * bc + Math.floor(c / cols)] ? 0 : 1;
  }
  return mask;
}

/**
 * N:M keep-mask: in every group of `m` consecutive rows of each column of the 2-D view
 * (consecutive input features of one output), keep the `n` of largest |w| (ties: lower
 * index). A last partial group of g < m rows keeps min(n, g).
 */
export function nmMask(values: Float32Array, shape: number[], n: number, m: number): Uint8Array {
  const [R, C] = view2d(shape, values.length);
  if (!(Number.isInteger(n) && Number.isInteger(m) && n >= 1 && m > n)) {
    throw new FrontierError('PRUNE_PATTERN', `N:M sparsity needs integers 1 ≤ N < M, got ${n}:${m}`, {
      where: 'pattern.n/m',
      hint: 'e.g. { kind: "nm", n: 2, m: 4 }',
    });
  }
  const mask = new Uint8Array(values.length);
  for (let c = 0; c < C; c++) {
    for (let r0 = 0; r0 < R; r0 += m) {
      const g = Math.min(m, R - r0);
      const idx = Array.from({ length: g }, (_, j) => (r0 + j) * C + c);
      idx.sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b);
      for (let j = 0; j < Math.min(n, g); j++) mask[idx[j]] = 1;
    }
  }
  return mask;
}

/** Keep-masks for `tensors` under `pattern` at `sparsity` (ignored for N:M). */
export function patternMasks(
  tensors: Array<{ values: Float32Array; shape: number[] }>,
  sparsity: number,
  pattern: SparsityPattern,
  scope: 'layer' | 'global',
): Uint8Array[] {
  switch (pattern.kind) {
    case 'unstructured':
      return magnitudeMasks(
        tensors.map((t) => t.values),
        sparsity,
        scope,
      );
    case 'block':
      return tensors.map((t) => blockMask(t.values, t.shape, sparsity, pattern.rows, pattern.cols));
    case 'nm':
      return tensors.map((t) => nmMask(t.values, t.shape, pattern.n, pattern.m));
  }
}

function view2d(shape: number[], n: number): [number, number] {
  const C = shape.length === 0 ? 1 : shape[shape.length - 1];
  return [C === 0 ? 0 : n / C, C];
}

function absOf(w: Float32Array): Float32Array {
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = Math.abs(w[i]);
  return out;
}

function invert(flags: Uint8Array): Uint8Array {
  const out = new Uint8Array(flags.length);
  for (let i = 0; i < flags.length; i++) out[i] = flags[i] ? 0 : 1;
  return out;
}
