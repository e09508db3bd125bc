import { Tile } from '@tensorflow/tfjs-core';
import type { TileAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from './native-kernel.ts';

/**
 * Tiles float32 data by copying blocks (TypedArray.set and copyWithin, memcpys): each
 * axis lays out its input slices, then repeats the whole laid-out block `reps` times.
 * The cpu kernel computes an index per element, which made the batch-norm gradient
 * (it tiles a per-channel vector to the activation's shape) cost more than the
 * convolutions around it. Declines non-float32 data and empty tensors.
 */
export const tileConfig = nativeKernel(Tile, ({ inputs, attrs, backend }) => {
  const { x } = inputs;
  const { reps } = attrs as unknown as TileAttrs;
  const xv = backend.floatValues(x);
  const shape = x.shape;
  const outShape = shape.map((d, i) => d * reps[i]);
  const size = sizeOf(outShape);
  if (!xv || size === 0) return null;
  if (shape.length === 0) return backend.output([], Float32Array.from(xv));
  const out = backend.allocate(size);
  // Element strides of every axis, in the input and in the output.
  const inStride = strides(shape);
  const outStride = strides(outShape);
  const last = shape.length - 1;
  const fill = (axis: number, from: number, to: number): void => {
    const n = shape[axis];
    if (axis === last) {
      out.set(xv.subarray(from, from + n), to);
    } else {
      for (let i = 0; i < n; i++) fill(axis + 1, from + i * inStride[axis], to + i * outStride[axis]);
    }
    // The block this axis laid out, repeated reps[axis] − 1 more times after itself.
    const block = n * outStride[axis];
    for (let r = 1; r < reps[axis]; r++) out.copyWithin(to + r * block, to, to + block);
  };
  fill(0, 0, 0);
  return backend.output(outShape, out);
});

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}
