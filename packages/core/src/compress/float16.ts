/**
 * IEEE 754 half precision (binary16) encode/decode, bit-exact with round-to-nearest-even,
 * as the tfjs weights manifest stores `quantization: { dtype: 'float16' }` weights.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Largest finite half-precision value. */
export const FLOAT16_MAX = 65504;

/**
 * The binary16 bit pattern nearest to `value` (ties to even). Values beyond ±65504
 * round to ±Infinity as IEEE does; NaN maps to a quiet NaN. Callers that must stay
 * finite check {@link FLOAT16_MAX} first.
 */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  // unbiased exponent, then rebias to 15
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (e <= 0) {
    // subnormal half (or zero): shift the full significand right
    if (e < -10) return sign; // underflows to ±0 (even |x| = 2^-25 exactly rounds to 0)
    const full = mant | 0x800000;
    const shift = 14 - e; // 14..24
    const half = full >>> shift;
    const rem = full & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    const round = rem > mid || (rem === mid && (half & 1) === 1) ? 1 : 0;
    return sign | (half + round);
  }
  const half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  const round = rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1) ? 1 : 0;
  // a carry out of the mantissa correctly bumps the exponent (up to Inf)
  return sign | (half + round);
}

/** The number a binary16 bit pattern stands for. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Encodes every value of `values` (see {@link toFloat16Bits}). */
export function encodeFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]);
  return out;
}

/** Decodes binary16 bit patterns to float32. */
export function decodeFloat16(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromFloat16Bits(bits[i]);
  return out;
}
