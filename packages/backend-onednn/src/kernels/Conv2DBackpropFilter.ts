import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';

import { backpropFilter } from './conv-backprop.ts';
import { nativeKernel } from './native-kernel.ts';

/** Gradient of Conv2D with respect to its HWIO filter (oneDNN backward-weights). */
export const conv2DBackpropFilterConfig = nativeKernel(Conv2DBackpropFilter, ({ inputs, attrs, backend }) => {
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  return backpropFilter(backend, inputs.x, inputs.dy, a.filterShape, a, false);
});
