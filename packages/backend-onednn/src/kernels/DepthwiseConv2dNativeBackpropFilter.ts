import { DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropFilterAttrs } from '@tensorflow/tfjs-core';

import { backpropFilter } from './conv-backprop.ts';
import { nativeKernel } from './native-kernel.ts';

/** Gradient of a depthwise conv with respect to its [fh, fw, in, multiplier] filter. */
export const depthwiseConv2dNativeBackpropFilterConfig = nativeKernel(
  DepthwiseConv2dNativeBackpropFilter,
  ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    return backpropFilter(backend, inputs.x, inputs.dy, a.filterShape, a, true);
  },
);
