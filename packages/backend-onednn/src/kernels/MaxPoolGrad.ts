import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { MaxPoolGradAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './native-kernel.ts';
import { poolBackward } from './pool-util.ts';

/** Routes dy to each window's argmax; recomputes the argmax from the input natively. */
export const maxPoolGradConfig = nativeKernel(MaxPoolGrad, ({ inputs, attrs, backend }) =>
  poolBackward(backend, inputs.dy, inputs.input, attrs as unknown as MaxPoolGradAttrs, true),
);
