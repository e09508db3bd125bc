import { _FusedMatMul } from '@tensorflow/tfjs-core';
import type { _FusedMatMulAttrs, TensorInfo } from '@tensorflow/tfjs-core';

import { activationCode } from './conv-util.ts';
import { matMulGeometry } from './matmul-util.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/** MatMul + bias over the last axis + activation as one oneDNN primitive with post-ops. */
export const fusedMatMulConfig = nativeKernel(_FusedMatMul, ({ inputs, attrs, backend }) => {
  const { a, b } = inputs;
  const bias = inputs.bias as TensorInfo | undefined;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as _FusedMatMulAttrs;
  const act = activationCode(activation);
  const av = backend.floatValues(a),
    bv = backend.floatValues(b);
  if (act === null || !av || !bv) return null;
  const g = matMulGeometry(a, b, transposeA, transposeB, act, leakyreluAlpha ?? 0.2);
  if (!g) return null;
  const n = g.outShape[g.outShape.length - 1];
  let biasValues: Float32Array | null = null;
  if (bias) {
    biasValues = backend.floatValues(bias);
    if (!biasValues || sizeOf(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n) return null;
  }
  const out = backend.allocate(g.outSize);
  backend.native.matMul(av, bv, biasValues, out, g.params);
  return backend.output(g.outShape, out);
});
