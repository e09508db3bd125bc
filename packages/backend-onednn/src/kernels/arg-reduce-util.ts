/**
 * ArgMax / ArgMin along one axis in one native pass over x viewed as
 * [outer, n, inner]: no transpose to the innermost axis, unlike the cpu kernel,
 * and the same results (first index on ties, a NaN at index 0 wins, later NaNs
 * are skipped, as tfjs-cpu's strict `>` / `<` scan gives).
 */
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

export function argReduceKernel(kernelName: string, isMax: boolean): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const xv = backend.floatValues(x);
    if (!xv || x.shape.length === 0 || sizeOf(x.shape) === 0) return null;
    // tfjs passes one axis (possibly negative); the cpu kernel also uses only the first.
    const axis = util.parseAxisParam(attrs.axis as number | number[], x.shape)[0];
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const out = new Int32Array(outer * inner);
    backend.native.argReduce(isMax, xv, [outer, x.shape[axis], inner], out);
    return backend.output(
      x.shape.filter((_, i) => i !== axis),
      out,
      'int32',
    );
  });
}
