import { mulberry32 } from '../train/rng.ts';
import { MASK_ID, SPECIAL_TOKENS } from './bpe.ts';

/** Options of maskTokens. Defaults as BERT: rate 0.15, of which 80% [MASK], 10% random, 10% kept. */
export interface MaskingOptions {
  vocabSize: number;
  seed: number;
  rate?: number;
  maskFraction?: number;
  randomFraction?: number;
}

/** A masked-LM batch: corrupted inputs, and the flat positions (row·maxLen + col) to predict with their labels. */
export interface MaskedBatch {
  inputs: Int32Array;
  positions: Int32Array;
  labels: Int32Array;
}

/**
 * BERT's masked-LM corruption of an id matrix [n, maxLen]: each ordinary token
 * (special tokens and padding are never chosen) is selected with probability
 * `rate`; a selected token becomes [MASK] with probability maskFraction, a random
 * ordinary token with probability randomFraction, else stays. Every row with an
 * ordinary token gets at least one selection. Deterministic in `seed`.
 */
export function maskTokens(ids: Int32Array, maxLen: number, opts: MaskingOptions): MaskedBatch {
  const rand = mulberry32(opts.seed);
  const rate = opts.rate ?? 0.15;
  const maskFraction = opts.maskFraction ?? 0.8;
  const randomFraction = opts.randomFraction ?? 0.1;
  const first = SPECIAL_TOKENS.length;
  const inputs = Int32Array.from(ids);
  const positions: number[] = [];
  const labels: number[] = [];
  const rows = ids.length / maxLen;
  for (let r = 0; r < rows; r++) {
    const ordinary: number[] = [];
    for (let c = 0; c < maxLen; c++) if (ids[r * maxLen + c] >= first) ordinary.push(r * maxLen + c);
    if (ordinary.length === 0) continue;
    let chosen = ordinary.filter(() => rand() < rate);
    if (chosen.length === 0) chosen = [ordinary[Math.floor(rand() * ordinary.length)]];
    for (const p of chosen) {
      positions.push(p);
      labels.push(ids[p]);
      const u = rand();
      if (u < maskFraction) inputs[p] = MASK_ID;
      else if (u < maskFraction + randomFraction)
        inputs[p] = first + Math.floor(rand() * (opts.vocabSize - first));
    }
  }
  return { inputs, positions: Int32Array.from(positions), labels: Int32Array.from(labels) };
}
