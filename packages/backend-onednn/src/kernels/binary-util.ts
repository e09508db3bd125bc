/**
 * Broadcasting binary kernels on float32 operands (numpy rules, as tfjs).
 */
import { broadcast_util } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

const MAX_RANK = 8;

function rightAlign(shape: readonly number[], rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape];
}

export function binaryKernel(kernelName: string, op: number): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, backend }) => {
    const { a, b } = inputs;
    const av = backend.floatValues(a),
      bv = backend.floatValues(b);
    if (!av || !bv) return null;
    const outShape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = sizeOf(outShape);
    if (size === 0 || outShape.length > MAX_RANK) return null;
    const rank = Math.max(outShape.length, 1);
    const out = backend.allocate(size);
    backend.native.binary(
      op,
      av,
      rightAlign(a.shape, rank),
      bv,
      rightAlign(b.shape, rank),
      out,
      rightAlign(outShape, rank),
    );
    return backend.output(outShape, out);
  });
}
