import { backend_util, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs } from '@tensorflow/tfjs-core';

import { convParams } from './conv-util.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Gradient of Conv2D with respect to its input (oneDNN backward-data). */
export const conv2DBackpropInputConfig = nativeKernel(Conv2DBackpropInput, ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs;
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } =
    attrs as unknown as Conv2DBackpropInputAttrs;
  const dyv = backend.floatValues(dy),
    fv = backend.floatValues(filter);
  if (!dyv || !fv) return null;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const params = convParams(info, false);
  if (!params || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
  const out = backend.allocate(sizeOf(inputShape));
  backend.native.conv2dBackpropInput(dyv, fv, out, params);
  return backend.output([...inputShape], out);
});
