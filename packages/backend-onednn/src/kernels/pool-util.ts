import { backend_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

import type { OnednnBackend } from '../backend.ts';
import { poolParams } from './conv-util.ts';
import { sizeOf } from './native-kernel.ts';

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Pooling forward shared by MaxPool and AvgPool. */
export function poolForward(
  backend: OnednnBackend,
  x: TensorInfo,
  attrs: PoolAttrs,
  isMax: boolean,
): TensorInfo | null {
  const xv = backend.floatValues(x);
  if (!xv || x.shape.length !== 4) return null;
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const params = poolParams(info, isMax);
  if (!params) return null;
  const out = backend.allocate(sizeOf(info.outShape));
  backend.native.pool(xv, out, params);
  return backend.output(info.outShape, out);
}

/** Pooling backward shared by MaxPoolGrad and AvgPoolGrad. */
export function poolBackward(
  backend: OnednnBackend,
  dy: TensorInfo,
  x: TensorInfo,
  attrs: PoolAttrs,
  isMax: boolean,
): TensorInfo | null {
  const dyv = backend.floatValues(dy);
  const xv = isMax ? backend.floatValues(x) : new Float32Array(0);
  if (!dyv || !xv || x.shape.length !== 4) return null;
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const params = poolParams(info, isMax);
  if (!params || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
  const out = backend.allocate(sizeOf(x.shape));
  backend.native.poolGrad(xv, dyv, out, params);
  return backend.output([...x.shape], out);
}
