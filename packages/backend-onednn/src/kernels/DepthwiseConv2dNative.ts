import { backend_util, DepthwiseConv2dNative } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeAttrs } from '@tensorflow/tfjs-core';

import { convParams } from './conv-util.ts';
import { nativeKernel } from './native-kernel.ts';

/** Depthwise conv: a grouped oneDNN convolution, filter [fh, fw, in, multiplier] read in place. */
export const depthwiseConv2dNativeConfig = nativeKernel(
  DepthwiseConv2dNative,
  ({ inputs, attrs, backend }) => {
    const { x, filter } = inputs;
    const { strides, pad, dilations, dimRoundingMode } = attrs as unknown as DepthwiseConv2dNativeAttrs;
    const xv = backend.floatValues(x),
      fv = backend.floatValues(filter);
    if (!xv || !fv) return null;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations ?? [1, 1],
      pad,
      dimRoundingMode,
      true,
    );
    const params = convParams(info, true);
    if (!params) return null;
    const out = backend.allocate(info.batchSize * info.outHeight * info.outWidth * info.outChannels);
    backend.native.conv2d(xv, fv, null, out, params);
    return backend.output(info.outShape, out);
  },
);
