/**
 * Element-wise unary kernels on float32 data: oneDNN eltwise (vectorized,
 * threaded) where it has the op, a C++ loop otherwise (Step).
 */
import type { KernelConfig, NamedAttrMap } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

export function unaryKernel(
  kernelName: string,
  op: number,
  alpha: (attrs: NamedAttrMap) => number = () => 0,
): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const xv = backend.floatValues(x);
    if (!xv || sizeOf(x.shape) === 0) return null;
    const out = backend.allocate(xv.length);
    backend.native.eltwise(op, xv, out, alpha(attrs));
    return backend.output([...x.shape], out);
  });
}
