import { AvgPoolGrad } from '@tensorflow/tfjs-core';
import type { AvgPoolGradAttrs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './native-kernel.ts';
import { poolBackward } from './pool-util.ts';

/**
 * Spreads dy evenly over each window. Like the tfjs cpu kernel, divides by the
 * full window size even where the window overlaps SAME padding.
 */
export const avgPoolGradConfig = nativeKernel(AvgPoolGrad, ({ inputs, attrs, backend }) =>
  poolBackward(
    backend,
    inputs.dy,
    inputs.input,
    { ...(attrs as unknown as AvgPoolGradAttrs), dimRoundingMode: undefined },
    false,
  ),
);
