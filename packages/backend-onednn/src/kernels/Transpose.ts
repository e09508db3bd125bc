import { Transpose } from '@tensorflow/tfjs-core';
import type { TransposeAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Permutes axes with a strided oneDNN reorder. */
export const transposeConfig = nativeKernel(Transpose, ({ inputs, attrs, backend }) => {
  const { x } = inputs;
  const { perm } = attrs as unknown as TransposeAttrs;
  const xv = backend.floatValues(x);
  if (!xv || x.shape.length < 2 || x.shape.length > 8 || sizeOf(x.shape) === 0) return null;
  const out = backend.allocate(xv.length);
  backend.native.transpose(xv, [...x.shape], [...perm], out);
  return backend.output(
    perm.map((p) => x.shape[p]),
    out,
  );
});
