import { Minimum } from '@tensorflow/tfjs-core';

import { BinaryOp } from '../native-binding.ts';
import { binaryKernel } from './binary-util.ts';

/** min(a, b) with broadcasting; NaN propagates. */
export const minimumConfig = binaryKernel(Minimum, BinaryOp.min);
