import { FusedBatchNorm } from '@tensorflow/tfjs-core';
import type { FusedBatchNormAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

/**
 * Batch normalization over the last (channel) axis as one C++ pass
 * `y = (x − mean[c])·a[c] + offset[c]`, with a = scale / √(variance + ε) computed once
 * per channel, instead of the cpu kernel's four modulo indexings per element. Declines non-float32
 * data and statistics that are not one value per channel (the cpu kernel broadcasts).
 */
export const fusedBatchNormConfig = nativeKernel(FusedBatchNorm, ({ inputs, attrs, backend }) => {
  const { x, mean, variance, offset, scale } = inputs;
  const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
  const xv = backend.floatValues(x);
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const stats = [mean, variance, offset, scale].map((t) =>
    t === undefined ? undefined : perChannel(backend.floatValues(t), sizeOf(t.shape), channels),
  );
  const [m, v, o, s] = stats;
  if (!xv || channels === 0 || stats.includes(null) || !m || !v) return null;
  const scaled = new Float32Array(channels);
  for (let c = 0; c < channels; c++) scaled[c] = (s ? s[c] : 1) / Math.sqrt(v[c] + varianceEpsilon);
  const out = backend.allocate(xv.length);
  backend.native.channelAffine(
    xv,
    xv.length / channels,
    channels,
    m,
    scaled,
    o ?? new Float32Array(channels),
    out,
  );
  return backend.output(x.shape, out);
});

/** The values when they are one per channel, else null (undefined input stays undefined). */
function perChannel(values: Float32Array | null, size: number, channels: number): Float32Array | null {
  return values && size === channels ? values : null;
}
