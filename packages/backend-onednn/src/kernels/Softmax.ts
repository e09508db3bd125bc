import { Softmax } from '@tensorflow/tfjs-core';
import type { SoftmaxAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Softmax over the last axis (the only axis tfjs' Softmax kernel takes). */
export const softmaxConfig = nativeKernel(Softmax, ({ inputs, attrs, backend }) => {
  const { logits } = inputs;
  const { dim } = attrs as unknown as SoftmaxAttrs;
  const xv = backend.floatValues(logits);
  const rank = logits.shape.length;
  if (!xv || rank === 0 || sizeOf(logits.shape) === 0) return null;
  if (dim !== -1 && dim !== rank - 1) return null;
  const cols = logits.shape[rank - 1];
  const out = backend.allocate(xv.length);
  backend.native.softmax(xv, out, xv.length / cols, cols, false);
  return backend.output([...logits.shape], out);
});
