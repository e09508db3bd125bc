import { backend_util, Conv2D } from '@tensorflow/tfjs-core';
import type { Conv2DAttrs } from '@tensorflow/tfjs-core';

import { convParams } from './conv-util.ts';
import { nativeKernel } from './native-kernel.ts';

/** Conv2D, NHWC input and HWIO filter read in place by oneDNN. */
export const conv2DConfig = nativeKernel(Conv2D, ({ inputs, attrs, backend }) => {
  const { x, filter } = inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as Conv2DAttrs;
  const xv = backend.floatValues(x),
    fv = backend.floatValues(filter);
  if (!xv || !fv) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const params = convParams(info, false);
  if (!params) return null;
  const out = backend.allocate(info.batchSize * info.outHeight * info.outWidth * info.outChannels);
  backend.native.conv2d(xv, fv, null, out, params);
  return backend.output(info.outShape, out);
});
