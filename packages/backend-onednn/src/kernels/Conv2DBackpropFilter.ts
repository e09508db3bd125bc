import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';

import { convParams } from './conv-util.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Gradient of Conv2D with respect to its HWIO filter (oneDNN backward-weights). */
export const conv2DBackpropFilterConfig = nativeKernel(Conv2DBackpropFilter, ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  const xv = backend.floatValues(x),
    dyv = backend.floatValues(dy);
  if (!xv || !dyv) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const params = convParams(info, false);
  if (!params || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
  const out = backend.allocate(sizeOf(filterShape));
  backend.native.conv2dBackpropFilter(xv, dyv, out, params);
  return backend.output([...filterShape], out);
});
