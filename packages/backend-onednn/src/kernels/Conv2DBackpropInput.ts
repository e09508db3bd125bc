import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs } from '@tensorflow/tfjs-core';

import { backpropInput } from './conv-backprop.ts';
import { nativeKernel } from './native-kernel.ts';

/** Gradient of Conv2D with respect to its input (oneDNN backward-data). */
export const conv2DBackpropInputConfig = nativeKernel(Conv2DBackpropInput, ({ inputs, attrs, backend }) => {
  const a = attrs as unknown as Conv2DBackpropInputAttrs;
  return backpropInput(backend, inputs.dy, inputs.filter, a.inputShape, a, false);
});
