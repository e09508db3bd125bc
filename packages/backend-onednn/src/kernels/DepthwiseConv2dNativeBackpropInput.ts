import { DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropInputAttrs } from '@tensorflow/tfjs-core';

import { backpropInput } from './conv-backprop.ts';
import { nativeKernel } from './native-kernel.ts';

/** Gradient of a depthwise conv with respect to its input. */
export const depthwiseConv2dNativeBackpropInputConfig = nativeKernel(
  DepthwiseConv2dNativeBackpropInput,
  ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    return backpropInput(backend, inputs.dy, inputs.filter, a.inputShape, a, true);
  },
);
