import { GatherV2, util } from '@tensorflow/tfjs-core';
import type { GatherV2Attrs } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

/**
 * Gathers slices along one axis as contiguous block copies (TypedArray.set, a
 * memcpy), instead of the cpu kernel's per-element index arithmetic: taking a
 * training batch of rows out of a data set is the common case. Declines
 * batchDims, non-float32 data and out-of-range indices, so the cpu kernel runs
 * (and reports the bad index).
 */
export const gatherV2Config = nativeKernel(GatherV2, ({ inputs, attrs, backend }) => {
  const { x, indices } = inputs;
  const { axis, batchDims } = attrs as unknown as GatherV2Attrs;
  const xv = backend.floatValues(x);
  const iv = backend.readSync(indices.dataId);
  if (!xv || batchDims !== 0 || !(iv instanceof Int32Array)) return null;
  const a = util.parseAxisParam(axis, x.shape)[0];
  const dim = x.shape[a];
  const outer = sizeOf(x.shape.slice(0, a));
  const inner = sizeOf(x.shape.slice(a + 1));
  for (const i of iv) if (i < 0 || i >= dim) return null;
  const out = backend.allocate(outer * iv.length * inner);
  let o = 0;
  for (let b = 0; b < outer; b++) {
    const base = b * dim * inner;
    for (const i of iv) {
      const from = base + i * inner;
      out.set(xv.subarray(from, from + inner), o);
      o += inner;
    }
  }
  return backend.output([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], out);
});
