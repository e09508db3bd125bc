import { AvgPool } from '@tensorflow/tfjs-core';
import type { AvgPoolAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './native-kernel.ts';
import { poolForward } from './pool-util.ts';

/** Average pooling, NHWC; the mean is over in-bounds pixels (tfjs semantics). */
export const avgPoolConfig = nativeKernel(AvgPool, ({ inputs, attrs, backend }) =>
  poolForward(backend, inputs.x, attrs as unknown as AvgPoolAttrs, false),
);
