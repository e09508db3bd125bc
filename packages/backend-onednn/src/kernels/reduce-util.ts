/**
 * Reductions over any set of axes with oneDNN's reduction primitive (no
 * transpose to the innermost axes, unlike the cpu kernels).
 */
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

export function reduceKernel(
  kernelName: string,
  op: number,
  axisAttr: 'axis' | 'reductionIndices',
): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const xv = backend.floatValues(x);
    if (!xv || x.shape.length === 0 || sizeOf(x.shape) === 0) return null;
    const axes = util.parseAxisParam((attrs as NamedAttrMap)[axisAttr] as number | number[], x.shape);
    if (!axes.some((ax) => x.shape[ax] > 1)) return null;
    const reduced = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const keepDims = Boolean(attrs.keepDims);
    const outShape = keepDims ? reduced : x.shape.filter((_, i) => !axes.includes(i));
    const out = backend.allocate(sizeOf(reduced));
    backend.native.reduce(op, xv, [...x.shape], reduced, out);
    return backend.output(outShape, out);
  });
}
