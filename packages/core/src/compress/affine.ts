import { FrontierError } from '../util/errors.ts';

/** The integer widths of the tfjs weights-manifest affine quantization. */
export type AffineDtype = 'uint8' | 'uint16';

/** Affine-quantized values: `value ≈ q * scale + min` (the tfjs manifest's decode rule). */
export interface AffineQuantized {
  dtype: AffineDtype;
  data: Uint8Array | Uint16Array;
  scale: number;
  min: number;
}

/**
 * Quantizes `values` to `dtype` with the tfjs weights-manifest rule
 * `value ≈ q * scale + min`, q ∈ [0, 2^bits − 1]. The range is widened to contain 0 and
 * `min` is nudged onto the grid so that 0 is represented exactly (pruned weights stay
 * zero). Contract: every finite value decodes within `scale / 2` of itself (up to
 * float32 rounding), with `scale = (max(values, 0) − min(values, 0)) / (2^bits − 1)`.
 * A constant-zero input gets scale 1. Throws FrontierError on NaN or ±Infinity.
 */
export function quantizeAffine(values: ArrayLike<number>, dtype: AffineDtype): AffineQuantized {
  const levels = dtype === 'uint8' ? 255 : 65535;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new FrontierError('QUANTIZE_NON_FINITE', `cannot quantize ${v} (element ${i})`, {
        where: `element ${i}`,
        hint: 'the weights hold NaN or Infinity; retrain or fix the model before quantizing',
      });
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? (hi - lo) / levels : 1;
  const zeroPoint = Math.round(-lo / scale);
  const min = -zeroPoint * scale;
  const data = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.round((values[i] - min) / scale);
    data[i] = q < 0 ? 0 : q > levels ? levels : q;
  }
  return { dtype, data, scale, min };
}

/** Decodes affine-quantized values exactly as tfjs does: `q * scale + min` in float32. */
export function dequantizeAffine(q: Pick<AffineQuantized, 'data' | 'scale' | 'min'>): Float32Array {
  const out = new Float32Array(q.data.length);
  for (let i = 0; i < q.data.length; i++) out[i] = q.data[i] * q.scale + q.min;
  return out;
}
