import { MaxPool } from '@tensorflow/tfjs-core';
import type { MaxPoolAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './native-kernel.ts';
import { poolForward } from './pool-util.ts';

/** Max pooling, NHWC; padding never wins the max. */
export const maxPoolConfig = nativeKernel(MaxPool, ({ inputs, attrs, backend }) =>
  poolForward(backend, inputs.x, attrs as unknown as MaxPoolAttrs, true),
);
