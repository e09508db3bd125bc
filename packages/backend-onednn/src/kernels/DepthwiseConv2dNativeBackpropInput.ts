import { backend_util, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropInputAttrs } from '@tensorflow/tfjs-core';

import { convParams } from './conv-util.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Gradient of a depthwise conv with respect to its input. */
export const depthwiseConv2dNativeBackpropInputConfig = nativeKernel(
  DepthwiseConv2dNativeBackpropInput,
  ({ inputs, attrs, backend }) => {
    const { dy, filter } = inputs;
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const dyv = backend.floatValues(dy),
      fv = backend.floatValues(filter);
    if (!dyv || !fv) return null;
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    const params = convParams(info, true);
    if (!params || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
    const out = backend.allocate(sizeOf(inputShape));
    backend.native.conv2dBackpropInput(dyv, fv, out, params);
    return backend.output([...inputShape], out);
  },
);
