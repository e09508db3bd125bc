import { BatchMatMul } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs } from '@tensorflow/tfjs-core';

import { Activation } from '../native-binding.ts';
import { matMulGeometry } from './matmul-util.ts';
import { nativeKernel } from './native-kernel.ts';

/** MatMul / BatchMatMul; transposes become strides, so no copy of either operand. */
export const batchMatMulConfig = nativeKernel(BatchMatMul, ({ inputs, attrs, backend }) => {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  const av = backend.floatValues(a),
    bv = backend.floatValues(b);
  if (!av || !bv) return null;
  const g = matMulGeometry(a, b, transposeA, transposeB, Activation.none, 0);
  if (!g) return null;
  const out = backend.allocate(g.outSize);
  backend.native.matMul(av, bv, null, out, g.params);
  return backend.output(g.outShape, out);
});
