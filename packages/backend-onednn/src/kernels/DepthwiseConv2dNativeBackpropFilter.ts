import { backend_util, DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropFilterAttrs } from '@tensorflow/tfjs-core';

import { convParams } from './conv-util.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Gradient of a depthwise conv with respect to its [fh, fw, in, multiplier] filter. */
export const depthwiseConv2dNativeBackpropFilterConfig = nativeKernel(
  DepthwiseConv2dNativeBackpropFilter,
  ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs;
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const xv = backend.floatValues(x),
      dyv = backend.floatValues(dy);
    if (!xv || !dyv) return null;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    const params = convParams(info, true);
    if (!params || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
    const out = backend.allocate(sizeOf(filterShape));
    backend.native.conv2dBackpropFilter(xv, dyv, out, params);
    return backend.output([...filterShape], out);
  },
);
